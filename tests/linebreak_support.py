"""Measuring Chinese line breaks in Chromium: each character's line box from a DOM Range,
compared with the build's line-break units (gallery.content.words)."""

from __future__ import annotations

from dataclasses import dataclass

from gallery.content import words

# The golden phrases: no line may ever split one of them.
GOLDEN = ("诚信如一", "敬请谅解", "外汇业务", "业务讲技能", "服务如意", "窗口塑形象", "首问负责制")

# For an element: its text, its units (the text between <wbr> elements, as the build made
# them), each rendered character's box (a Range over that one character), and the content box
# of the block that lays it out. A character starts a new line when its vertical middle lies
# below the bottom of the previous character.
MEASURE = r"""
(el) => {
  const range = document.createRange();
  const chars = [];
  const units = [''];
  const widths = [0];
  let text = '';
  const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  let node;
  while ((node = walk.nextNode())) {
    if (node.nodeType === 1) {
      if (node.tagName === 'WBR') { units.push(''); widths.push(0); }
      continue;
    }
    for (let k = 0; k < node.data.length; k++) {
      range.setStart(node, k);
      range.setEnd(node, k + 1);
      const rects = Array.from(range.getClientRects()).filter(r => r.width > 0 && r.height > 0);
      if (rects.length && node.data[k].trim()) {
        chars.push({i: text.length, top: rects[0].top, bottom: rects[0].bottom,
                    left: Math.min(...rects.map(r => r.left)),
                    right: Math.max(...rects.map(r => r.right))});
        widths[widths.length - 1] += rects.reduce((sum, r) => sum + r.width, 0);
      }
      units[units.length - 1] += node.data[k];
      text += node.data[k];
    }
  }
  let block = el;
  while (block.parentElement && getComputedStyle(block).display.startsWith('inline')) {
    block = block.parentElement;
  }
  const style = getComputedStyle(block);
  const box = block.getBoundingClientRect();
  const left = box.left + parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth);
  const right = box.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
  const starts = [];
  let bottom = null;
  for (const c of chars) {
    if (bottom === null || (c.top + c.bottom) / 2 > bottom) { starts.push(c.i); }
    bottom = c.bottom;
  }
  return {text, units, widths, starts, left, right, visible: chars.length > 0,
          overflow: chars.filter(c => c.left < left - 1 || c.right > right + 1).length};
}
"""


@dataclass
class Lines:
    """One element's rendered lines."""

    text: str
    units: list[str]
    widths: list[float]    # each unit's width, the sum of its characters' boxes
    starts: list[int]      # offset of each line's first visible character
    left: float
    right: float
    visible: bool
    overflow: int          # characters outside the block's content box

    @property
    def breaks(self) -> list[int]:
        """Offsets where a new line starts (the first line excluded)."""
        return self.starts[1:]

    @property
    def lines(self) -> list[str]:
        """The text of each line."""
        ends = self.starts[1:] + [len(self.text)]
        return [self.text[a:b] for a, b in zip(self.starts, ends, strict=True)]


def measure(handle) -> Lines:
    """The lines of an element (a Playwright ElementHandle)."""
    return Lines(**handle.evaluate(MEASURE))


def cut_points(units: list[str]) -> set[int]:
    """Offsets between two units, and those after whitespace that ends a unit."""
    points, at = set(), 0
    for unit in units:
        at += len(unit)
        points.add(at)
        stripped = len(unit) - len(unit.rstrip())
        points.update(range(at - stripped, at))
    return points


def wider_than_box(lines: Lines, at: int) -> bool:
    """Whether the unit around offset `at` is wider than the line by itself: the one case
    where a line may break inside a unit (overflow-wrap), rather than run out of its box."""
    end = 0
    for unit, width in zip(lines.units, lines.widths, strict=True):
        end += len(unit)
        if at < end:
            return width > lines.right - lines.left + 1
    return False


def problems(lines: Lines, where: str) -> list[str]:
    """Every rule a rendered element breaks, one line each (empty when it is right)."""
    found = []
    text = lines.text
    allowed = cut_points(lines.units)
    forced = {at for at in lines.breaks if at not in allowed and wider_than_box(lines, at)}
    for at in lines.breaks:
        if at in forced:
            continue
        if at not in allowed:
            found.append(f"{where}: break inside a word at {at}: {text[:at]}|{text[at:]}")
        if text[at] in words.CLOSING:
            found.append(f"{where}: line starts with {text[at]!r}: {lines.lines}")
        before = text[:at].rstrip()
        if before and before[-1] in words.OPENING:
            found.append(f"{where}: line ends with {before[-1]!r}: {lines.lines}")
    for phrase in GOLDEN:
        start = text.find(phrase)
        while start >= 0:
            inside = [b for b in lines.breaks
                      if start < b < start + len(phrase) and b not in forced]
            if inside:
                found.append(f"{where}: {phrase} split: {lines.lines}")
            start = text.find(phrase, start + 1)
    if lines.overflow:
        found.append(f"{where}: {lines.overflow} characters outside the box: {lines.lines}")
    return found
