"""Problems found in the content: stable codes, Chinese messages, one line each."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

# code -> (message template, fix template). Codes are stable: never renumber, only add.
CATALOG: dict[str, tuple[str, str]] = {
    # E1xx: the file itself and its front-matter block
    "E101": ("文件不是 UTF-8 编码（第 {line} 行有无法识别的字节）", "请在编辑器中用 UTF-8 编码重新保存此文件"),
    "E102": ("文件开头缺少 --- 信息块", "在第一行单独写 ---，填写字段后再单独写一行 --- 结束"),
    "E103": ("开头的 --- 信息块没有结束", "在最后一个字段之后单独写一行 --- 结束信息块"),
    "E104": ("信息块的 YAML 格式有误：{detail}", "检查这一行的冒号、引号和缩进（冒号后要有一个空格，不能用 Tab）"),
    "E105": ("信息块应是“字段: 值”的形式，这里却是{kind}", "每行写成“字段: 值”，例如 title: 暖心服务"),
    "E106": ("找不到内容目录“{name}”", "在项目目录（culture.yml 旁边）建立 {name} 目录，栏目和故事都放在里面"),
    "E107": ("缺少首页", "在 {name} 目录里建立 index.md，写上展览的标题和欢迎词，例如 # 珠市口支行服务文化展"),
    "E110": ("这一行第 {pos} 个字符是 YAML 文件里不能出现的字符 {char}",
             "删除这个看不见的字符（常随从网页、Word 或聊天软件复制的文字混入）：删掉这段文字后手工重新输入"),
    "E111": ("不能用 & 锚点（&{name}）：锚点和 * 别名用来复制内容，这里不支持",
             "删除 &{name}，把要重复的内容直接写出来；值本身以 & 开头时，请给整个值加引号"),
    "E112": ("层级嵌套超过 {limit} 层", "检查缩进和括号：字段最多嵌套 {limit} 层（缩进、[ ] 和 {{ }} 各算一层）"),
    # E2xx: fields
    "E201": ("未知字段“{key}”", "{hint}"),
    "E202": ("缺少必填字段“{key}”：{label}", "添加一行 {key}: {example}"),
    "E203": ("字段“{key}”应为{expected}，现在是{actual}", "例如 {key}: {example}"),
    "E204": ("字段“{key}”的日期“{value}”无效", "日期请写成 年-月-日，例如 {key}: 2024-05-01"),
    "E205": ("字段“{key}”的值“{value}”不在可选范围内", "可选值：{choices}"),
    "E206": ("上线日期 publish（{publish}）不早于下线日期 expire（{expire}）", "把 publish 改到 expire 之前，或删除其中一个"),
    "E207": ("未知网点“{value}”", "{hint}"),
    "E208": ("目录名“{slug}”与 {other} 重复", "给其中一个目录换一个名字（目录名就是网址，全站不能重复）"),
    "E209": ("目录名“{slug}”不能用作网址", "只用小写字母、数字和连字符，例如 {example}"),
    "E210": ("照片“{file}”不存在", "{hint}"),
    "E211": ("照片“{file}”缺少替代文字 alt", "在这张照片下加一行 alt: 描述照片内容（供读屏软件和照片无法显示时使用）"),
    "E212": ("字段“{key}”的值 {value} 不合理", "{hint}"),
    "E213": ("封面“{file}”不在 photos 列表中", "把封面照片加入 photos，或把 cover 改成 photos 中的文件名"),
    "E214": ("未知栏目目录“{name}”", "栏目目录只能是：{choices}"),
    "E215": ("目录“{name}”里没有 index.md", "每篇故事是一个目录，里面要有 index.md；用 culture new 新建"),
    "E216": ("字段“{key}”不能为空", "填写内容，或删除这一行"),
    "E217": ("找不到站点设置文件 culture.yml", "在项目根目录（mkdocs.yml 旁边）建立 culture.yml，至少写 name 和 outlets"),
    "E218": ("编号“{value}”重复", "每个编号只能声明一次，请删除或改名"),
    "E219": ("照片“{file}”不在故事目录里", "照片要和 index.md 放在同一目录，这里只写文件名，例如 1.jpg"),
    "E220": ("正文里的图片“{url}”是外部网址：内网不能访问互联网，这张图片无法显示",
             "把照片下载下来放进故事目录（和 index.md 放在一起），图片地址只写文件名，例如 1.jpg"),
    "E221": ("正文里的网页代码要从外部地址“{url}”加载内容，内网不能访问互联网，它无法显示",
             "删除这段代码；图片请下载后放进故事目录，用 ![说明](文件名) 插入"),
    "E222": ("照片焦点“{key}: {value}”写法不对",
             "写左右、上下两个 0 到 100 的百分数，例如 {key}: 50% 20%（左右居中、靠上）；海报等要完整显示的照片写 {key}: 完整"),
    "E230": ("{where}第 {pos} 个字符是看不见的控制字符 {char}",
             "删除这个字符（常随从网页、Word 或聊天软件复制的文字混入，会让显示的内容与所写的不同）：删掉这段文字后手工重新输入"),
    "E231": ("{where}第 {pos} 个字符是零宽连字符 {char}",
             "删除它：名称、编号、电话和标签里不能有零宽连字符（它把几个字符拼成一个，能让两个名称看起来一样）"),
    "E232": ("电话“{value}”不是电话号码的写法",
             "只写数字、空格、连字符 -、括号 ( )，可以 + 开头，分机写“转 123”，例如 {key}: '010-6303 1234 转 123'"),
    "E233": ("{where}有 {length} 个字，超过上限 {limit} 个字", "请精简到 {limit} 个字以内"),
    "E234": ("正文这一行有连续 {length} 个汉字没有标点，超过上限 {limit} 个",
             "在句子之间加上标点（逗号、句号等）：这么长的无标点文字会让站内搜索的分词极慢"),
    "E235": ("正文的{what}嵌套了 {depth} 层，超过上限 {limit} 层",
             "减少嵌套：列表的缩进、引用的 > 和网页标签一般不超过三四层，更多层次请改用小标题分段"),
    "E236": ("正文{where}有 {count} 个方括号 [，超过上限 {limit} 个",
             "方括号 [ ] 用来写链接和图片，每一个都要花时间处理：普通文字里的方括号请改用中文括号【】；链接很多时请分成几段或几篇"),
    "E237": ("正文这一行有连续 {length} 个 * 或 _，超过上限 {limit} 个",
             "加粗、斜体两边各写一到三个 * 就够了；分隔线单独一行写 ---；要显示星号本身请写 \\*"),
    # E24x: the author's HTML in bodies and hand-written pages (gallery/content/sanitise.py)
    "E240": ("这段 HTML 发布时会被移除：{what}",
             "正文只能用 Markdown 和少量 HTML（见 docs/content-model.md“正文里的 HTML”）；删除它，或改用 Markdown 写"),
    # E250-E259: the approval record of a public story (what lets it reach the lobby screens)
    "E250": ("公开的故事（audience: public）缺少上屏审批记录 approval，不能上大堂屏",
             ("请作者以外的人审批后，在信息块里加上 approval，写 by（审批人）、date（审批日期）和 "
              "customers（有没有客户出镜）；还没有审批的故事请写 audience: internal")),
    "E251": ("审批人“{by}”就是这篇故事的{role}：审批要由{role}以外的人来做",
             "请另一位同事（例如支行办公室负责人）审阅后，把 by 改成审批人的姓名"),
    "E252": ("审批日期 {date} 早于故事日期 {story}", "审批在故事之后：把 date 改成实际审批的那一天（{story} 当天或之后）"),
    "E253": ("审批日期 {date} 晚于今天（{today}）", "date 写已经审批的那一天；还没有审批的故事请写 audience: internal"),
    "E254": ("有客户出镜（customers: true），但没有写客户同意书 consent",
             ("请客户签署书面同意书并存档，在 approval 下加一行 consent: 同意书编号或存档位置，"
              "例如 consent: 客户书面同意书 2024-031；没有同意书，故事不能上大堂屏（请写 audience: internal）")),
    "E255": ("撤回日期 withdrawn（{withdrawn}）早于审批日期（{date}）",
             "检查两个日期：withdrawn 写客户撤回同意或撤销审批的那一天，它在审批之后"),
    # E26x: diagnoses that name the real cause (full-width punctuation, Chinese dates, what
    # `culture new` wrote, copies) and the repository guard (what a commit may hold)
    "E260": ("“{key}”后面的冒号“：”是中文冒号，信息块只认英文冒号",
             "改成英文冒号加一个空格，例如 {key}: {value}"),
    "E261": ("值两边的引号 {quotes} 是中文引号，信息块只认英文引号",
             "请用英文引号，例如 {key}: {value}"),
    "E262": ("“{key}”的值用了中文括号 {brackets}，列表和“字段: 值”组只认英文括号",
             "请用英文括号和英文逗号，例如 {key}: {value}"),
    "E263": ("信息块缺少结束的 ---：后面的正文被当成了字段，一直读到第 {rule} 行的 ---",
             "在最后一个字段的下面单独写一行 --- 结束信息块（这样正文里的 --- 分隔线才不会被当成信息块的结尾）"),
    "E264": ("字段“{key}”的日期“{value}”不是 年-月-日 的写法", "请改成 {key}: {suggested}"),
    "E265": ("字段“{key}”还是 culture new 写的示例“{value}”",
             "改成真实内容，再删除信息块里“{note}…”那一行（确实就是这个值时，只删除那一行）"),
    "E266": ("正文还是 culture new 写的示例“{text}”", "把这一行换成故事的正文"),
    "E267": ("照片“{file}”缺少说明 caption",
             "在这张照片下加一行 caption: 说明照片中的人和事（显示在照片下方）"),
    "E268": ("标题和日期与 {other} 相同：是不是复制目录时多出来的一份？",
             "删除多余的目录；确实是两篇不同的故事时，在信息块加一行 duplicate: true"),
    "E269": ("照片有 {size} MB，超过提交上限 {limit} MB，这次提交没有完成",
             ("原图不要直接放进来：用手机相册的“编辑→调整大小”或电脑看图软件另存为长边 4000 像素以内的 JPEG"
              "（通常不到 5 MB），换掉这张照片后重新 git add；原图另行存档。上限在 culture.yml 的 images: max_file_mb")),
    "E270": ("字段“{key}”的值在 # 处断开了：“{comment}”被当成了注释，没有写进去",
             "# 前面有空格时，信息块把 # 和它后面的字当作注释：给整个值加引号，例如 {key}: '{value}'"),
    "E271": ("“{key}”后面的冒号和值之间缺少空格，信息块读不出这个字段",
             "在英文冒号后面加一个英文空格，例如 {key}: {value}"),
    # E3xx: photo files (the path is the photo itself, beside its story's index.md)
    # E28x: links in bodies (gallery.content.links); E29x: what MkDocs itself says of them
    "E280": ("链接的页面“{href}”不存在", "{hint}"),
    "E281": ("链接的故事“{href}”不会发布：{reason}", "等那篇故事发布后再加这个链接，或删除这个链接"),
    "E282": ("链接指向原始照片“{href}”：网站不发布原图，这个链接打不开",
             ("删除这个链接：照片写进 photos 或用 ![照片内容描述](文件名) 插入正文，"
              "读者点开照片就能看大图")),
    "E283": ("链接指向音视频文件“{href}”：网站不播放音视频，这个链接打不开",
             "删除这个链接；需要的话从视频中截取照片（JPG）放进故事目录并写进 photos"),
    "E284": ("链接指向文档“{href}”：网站不提供文档下载，这个链接打不开",
             "删除这个链接，把要展示的文字写进正文（规章制度可写成服务文化墙的 rule 条目）"),
    "E285": ("链接的文件“{href}”不会发布，这个链接打不开",
             "网站只发布页面和照片：删除这个链接，或改为链接一篇故事，例如 ../目录名/"),
    "E286": ("链接“{href}”以 / 开头：网站放在子路径下时（例如 /culture/）这个链接会失效",
             "改成相对链接：同栏目的故事写 ../目录名/，其他栏目的写 ../../栏目目录/目录名/"),
    "E290": ("链接“{href}”的锚点“#{anchor}”在目标页面上找不到：点开后只停在页面顶部",
             "# 后面要写目标页面上某个小标题的锚点；不确定时删掉 # 和它后面的字"),
    "E291": ("链接“{href}”指向的“{target}”不会发布，这个链接打不开",
             "检查链接的写法：链接同栏目的另一篇故事写成 ../目录名/；照片、视频和文档不能链接"),
    "E301": ("照片文件是空的（0 字节）", "重新从相机或手机导出这张照片，再放进故事目录"),
    "E302": ("文件“{file}”不是照片，无法识别为图片", "换成 JPEG、PNG、HEIC、WebP、TIFF 或 GIF 格式的照片"),
    "E303": ("文件“{file}”的扩展名 {ext} 与内容不符：它其实是 {actual} 图片",
             "把文件改名为 {suggested}，并同时修改 index.md 里的文件名"),
    "E304": ("照片像素过多：{width}×{height}，约 {megapixels} 百万像素，超过上限 {limit} 百万像素",
             "用看图软件缩小后再放入；确需保留时可提高 culture.yml 中 images 的 max_pixels"),
    "E305": ("照片文件不完整，可能没有复制或下载完", "重新从相机或手机复制这张照片"),
    "E306": ("照片数据已损坏，无法解码", "用看图软件打开检查；能打开的话另存为 JPEG 后替换"),
    "E307": ("不支持 {format} 格式的图片", "另存为 JPEG（照片）或 PNG（截图）后再放入"),
    "E308": ("无法读取照片文件（没有读取权限或磁盘出错）", "检查文件权限，或重新复制这张照片"),
    # E4xx: intranet exhibition (red/black board files, morning meeting, campaigns, search)
    "E401": ("红黑榜文件名“{name}”不是期次", "文件名写成 年-月.csv，例如 2017-09.csv"),
    "E402": ("红黑榜文件是 GBK 编码（Excel 默认的“CSV（逗号分隔）”格式），不是 UTF-8",
             "在 Excel 中选“另存为”→“CSV UTF-8（逗号分隔）(*.csv)”，覆盖此文件"),
    "E403": ("红黑榜表头缺少“{column}”列", "第一行应为：{header}"),
    "E404": ("红黑榜表头有未知列“{column}”", "{hint}"),
    "E405": ("这一行有 {count} 格，表头有 {expected} 格",
             "检查是否多了或少了逗号；内容里有逗号时，请给这一格加英文双引号"),
    "E406": ("“{column}”的“{value}”不是数字", "只写数字，例如 8.5、96 或 98%（单位写在指标名里）"),
    "E407": ("“榜单”的“{value}”只能是红榜或黑榜", "写“红榜”（表扬）或“黑榜”（待改进）"),
    "E408": ("{who}的指标“{metric}”与第 {other} 行重复",
             "同一期里，每个网点（或人员）的每项指标只写一行：删除或合并重复的行"),
    "E409": ("红黑榜文件没有数据行", "在表头下面每行写一条：{header}"),
    "E410": ("红黑榜文件“{name}”不是 CSV 文件", "在 Excel 中“另存为”CSV UTF-8 格式，文件名如 2017-09.csv"),
    "E411": ("从这一行起无法按 CSV 读取，可能有英文双引号没有配对",
             "内容里的英文双引号要成对（格内的双引号写两遍 \"\"），或改用中文引号“”"),
    "E412": ("红黑榜表头的“{column}”列出现了两次", "删除多余的一列（英文列名 outlet 等与中文列名算同一列）"),
    "E413": ("红黑榜文件“{name}”与“{other}”是同一期", "同一期只能有一个文件：把两个文件的行合并到 {other}，删除 {name}"),
    "E421": ("晨会内容只在内网显示，不能设置 audience", "删除 audience 这一行（晨会学习材料永远不上大堂屏）"),
    "E431": ("活动“{name}”的结束日期 {end} 早于开始日期 {start}", "把 end 改到 start 当天或之后"),
    "E432": ("活动编号“{value}”不能用作网址", "只用小写字母、数字和连字符，例如 {example}"),
    "E433": ("网点编号“{value}”不能用作网址", "只用小写字母、数字和连字符，例如 id: {example}"),
    "E441": ("无法加载中文分词组件 jieba，标题、标语和照片说明无法按词语断行",
             ("在项目目录运行 make .venv/.installed（或 .venv/bin/pip install -c constraints.txt jieba）"
             "后重新生成网站")),
    "E442": ("网站配置文件 {name} 不存在",
             ("mkdocs.yml 由管理员维护，和程序一起放在项目目录里：用 git checkout -- mkdocs.yml 取回它"
              "（或重新克隆项目仓库）")),
    "E443": ("网站配置文件 {name} 读不出来：{why}",
             ("mkdocs.yml 由管理员维护：不是有意修改的话，用 git checkout -- mkdocs.yml 恢复原样；"
              "否则检查这一行的冒号、引号和缩进（冒号后要有一个空格，不能用 Tab）")),
    "E451": ("同义词组 {value} 不是列表", "每组写成一个列表，例如 - [诈骗, 骗局, 反诈]"),
    "E452": ("同义词 {value} 不是文字", "每个同义词写成文字，例如 - [诈骗, 骗局, 反诈]"),
    "E453": ("同义词“{value}”中间有空格", "一个词里不要有空格；两个词请分成两项，例如 [电信诈骗, 诈骗]"),
    "E454": ("同义词组有 {count} 组，超过上限 {limit} 组", "只保留员工常搜的词，把意思相同的词合并到一组"),
    "E455": ("这组同义词有 {count} 个词，超过上限 {limit} 个", "只保留意思真正相同的词，其余的拆成另一组"),
    "E456": ("同义词组 {value} 少于两个不同的词", "每组至少写两个意思相同的词，例如 - [老人, 老年客户]"),
    # E5xx: lobby screens (culture.yml screens:) and the emergency notice (notice.yml)
    "E501": ("屏幕名称“{name}”不能用作网址", "只用小写字母、数字和连字符，例如 name: qianmen-lobby"),
    "E502": ("屏幕名称“{name}”重复", "每块屏幕的 name 必须不同（name 就是屏幕的网址 screen/名称/）"),
    "E503": ("时段“{value}”无法识别", "写成 开始-结束，例如 time: 09:00-17:00；跨午夜写 time: 22:00-06:00"),
    "E504": ("星期“{value}”无法识别", "写成 days: mon-fri、days: sat, sun 或 days: 周一至周五"),
    "E505": ("播放项没有指定内容", "写 section（栏目）、tags（标签）或 outlet（网点）选故事，或写 slogan: 标语文字"),
    "E506": ("播放项同时写了 slogan 和 {other}", "标语和故事请分成两个播放项，各写一个“- ”开头的条目"),
    "E507": ("开始日期 from（{start}）晚于结束日期 until（{end}）", "把 from 改到 until 之前（两天都包含在内）"),
    "E508": ("播放列表 playlist 是空的", "至少写一项，例如 playlist: [{{section: moments, newest: 5}}]"),
    "E509": ("紧急通知的{label}“{value}”无效", "写成 年-月-日 时:分，例如 {key}: 2024-10-01 18:00"),
    "E510": ("紧急通知的开始时间 start（{start}）不早于结束时间 end（{end}）", "把 end 改到 start 之后"),
    "E511": ("紧急通知指定的屏幕“{name}”不存在", "{hint}"),
    "E512": ("目录“{name}”留给大堂屏使用，不能放内容",
             "把这里的文件移到其他目录：网址 screen/ 下只有 culture.yml 的 screens 生成的大堂屏（顾客可见）"),
    # E6xx: what is published from site_src (the allowlist: pages, stories, photos, board data)
    "E601": ("“{name}”是符号链接（快捷方式），网站不跟随链接，也不发布它",
             "删除这个链接；要用的照片或文件请把文件本身复制进来，不要用链接指向别处"),
    "E602": ("内容目录“{name}”是符号链接", "把内容直接放在项目里的 {name} 目录中，不要用链接指向项目以外的地方"),
    "E603": ("“{name}”不是普通文件（是管道、设备或套接字）", "删除它：内容目录里只能放普通文件"),
    "E604": ("文档“{name}”不会发布：网站不提供文档下载",
             ("把要展示的文字写进故事的 index.md 正文（规章制度可写成服务文化墙的 rule 条目），"
             "原文件另行存档，并从 site_src 中删除")),
    "E605": ("“{name}”是音视频文件：网站不播放音视频，它不会发布",
             "需要的话从视频中截取照片（JPG）放进故事目录并写进 photos，然后从 site_src 中删除这个文件"),
    "E606": ("文件“{name}”的类型（{ext}）不能发布",
             "内容目录只放 Markdown（index.md）、照片和红黑榜 CSV：请删除这个文件或移出 site_src"),
    "E607": ("照片“{name}”不在故事目录里，也没有页面显示它",
             ("照片放进故事目录（和 index.md 放在一起）并写进 photos；要在首页或栏目首页显示，"
             "放在该页 index.md 旁边并在正文中用 ![照片内容描述](文件名) 插入；不用的照片请删除")),
    "E608": ("“{name}”既不是故事，也不是首页或栏目首页，不会发布",
             ("故事写在栏目下自己的目录里（用 culture new 新建，草稿写 draft: true）；"
             "不要的草稿或笔记请删除或移出 site_src")),
    "E609": ("首页和栏目首页不能写“{key}”：它们总在内网显示，不上大堂屏",
             "删除这一行（draft、audience、publish、expire 只用于故事）；不想显示的文字请从正文中删除"),
    "E610": ("“{name}”是网页代码文件（{ext}），不能放在内容目录",
             "网站的样式和脚本在 overrides/ 目录，由开发人员维护；矢量图（.svg）请导出为 PNG 后再放入"),
    "E612": ("名字“{name}”不是 UTF-8 编码，网站无法使用这个名字{guess}",
             ("重新给它起名：删掉原来的名字，重新输入一遍（这种名字常见于用旧版压缩软件解压的文件，按 GBK 保存）；"
              "信息块或正文里写到这个名字的地方要与新名字一致")),
    "E611": ("“{name}”是程序或网站配置文件，推送不能修改它：发布时它会在服务器上运行",
             ("撤销这次对它的修改（新加的文件请删除）后重新提交、推送；内容只放在 site_src、"
              "culture.yml 和 notice.yml 里。确需修改程序或配置，请交给管理员")),
}

# Codes no longer reported, kept so that a code never changes meaning: E303 (a photo whose
# extension and content disagree is now taken by its content).
RETIRED = frozenset({"E303"})

# Codes reported as warnings: they fail only with --strict. E291 is MkDocs' own link warning
# told in Chinese (gallery.mkdocs.messages).
WARNINGS = frozenset({"E211", "E215", "E240", "E265", "E266", "E267", "E268", "E270", "E291",
                      "E409"})

# Codes only shown, never failing a build, even a strict one: E290 (MkDocs' note about a
# missing anchor, an INFO, told in Chinese by gallery.mkdocs.messages).
NOTES = frozenset({"E290"})


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: where, which code, and the filled-in message and fix."""

    path: str
    line: int
    code: str
    message: str
    fix: str

    @property
    def is_warning(self) -> bool:
        """Whether this problem only fails a strict check."""
        return self.code in WARNINGS

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.code} {self.message} — {self.fix}"


# A value longer than this (a whole article pasted into `date:`) is shown by its start only, and
# a line break in a value as a space: every problem stays one line of readable length.
SHOWN_VALUE = 200


def problem(path: str | Path, line: int, code: str, /, **values: object) -> Problem:
    """Build a problem from the catalog, filling in its message and fix."""
    message, fix = CATALOG[code]
    shown = {key: one_line(value) if isinstance(value, str) else value
             for key, value in values.items()}
    return Problem(str(path), line, code, message.format(**shown), fix.format(**shown))


def one_line(text: str) -> str:
    """A value as a problem line shows it: on one line, and its start only when very long."""
    text = " ".join(text.splitlines()) if "\n" in text or "\r" in text else text
    return text if len(text) <= SHOWN_VALUE else f"{text[:60]}…（共 {len(text)} 个字）"


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """The closest choice to a misspelt word, if any is close enough."""
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(word: str, choices: list[str] | tuple[str, ...], what: str) -> str:
    """A Chinese hint: 'did you mean X?' or the list of allowed values."""
    best = suggest(word, choices)
    if best:
        return f"是不是想写“{best}”？"
    return f"可用的{what}：{'、'.join(choices)}"
