"""Records are declared once; their keys, in message order, come from the dataclasses."""

from __future__ import annotations

from gallery.content.records import PUBLIC_SECTIONS, SECTIONS
from gallery.content.schema import keys
from gallery.content.settings import TOP
from gallery.screens.config import Entry, Rule, Screen
from gallery.screens.notice import Notice


def test_keys_keep_the_order_staff_see_in_messages():
    assert keys(Screen) == ("name", "outlet", "orientation", "resolution", "hours", "playlist",
                            "poll", "heartbeat", "branch_wide")
    assert keys(Entry) == ("section", "tags", "outlet", "newest", "slogan", "duration", "schedule")
    assert keys(Rule) == ("from", "until", "days", "time")
    assert keys(Notice) == ("title", "text", "start", "end", "screens")
    assert TOP == ("name", "short_name", "outlets", "complaint_channels", "campaigns", "images",
                   "search", "screens")


def test_a_section_takes_its_fields_from_its_model_class():
    moments = SECTIONS["moments"]
    assert moments.names == ("title", "audience", "approval", "draft", "publish", "expire", "tags",
                             "outlet", "photos", "cover", "duplicate", "date", "summary", "author")
    assert moments.field("outlet").required and not SECTIONS["talk"].field("outlet").required
    assert not SECTIONS["pioneer-posts"].field("title").required
    assert SECTIONS["morning"].field("audience") is None
    assert SECTIONS["morning"].field("approval") is None  # morning items never reach the lobby
    assert "morning" not in PUBLIC_SECTIONS
