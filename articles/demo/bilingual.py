"""Short demo stories written by hand in English and Simplified Chinese.

They show the Chinese edition's states beside the seed story: two Chinese
versions published and current, one published but out of date (the English
was corrected afterwards, the Chinese still has the old figure), and one
submitted for review. The thirty generated stories stay English-only.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils.text import slugify

from articles.models import StoryLanguageStatus


@dataclass(frozen=True)
class Correction:
    """An English edit made after the Chinese version was published."""

    before: str
    after: str


@dataclass(frozen=True)
class DrawnPicture:
    """A hero picture drawn from `seed`; its alt text is the drawing's own."""

    seed: str
    caption_en: str
    caption_zh_hans: str


@dataclass(frozen=True)
class BilingualStoryEntry:
    title_en: str
    summary_en: str
    paragraphs_en: tuple[str, ...]
    title_zh_hans: str
    summary_zh_hans: str
    paragraphs_zh_hans: tuple[str, ...]
    byline: str
    category_slug: str
    source_slug: str
    age: timedelta  # how long before loading it was published in English
    # PUBLISHED, or IN_REVIEW for a translation submitted and not yet approved.
    chinese_status: str
    picture: DrawnPicture | None = None
    correction: Correction | None = None

    @property
    def slug(self) -> str:
        return slugify(self.title_en)

    @property
    def body_en(self) -> str:
        return "\n".join(f"<p>{paragraph}</p>" for paragraph in self.paragraphs_en)

    @property
    def body_zh_hans(self) -> str:
        return "\n".join(f"<p>{paragraph}</p>" for paragraph in self.paragraphs_zh_hans)


BILINGUAL_STORIES = (
    BilingualStoryEntry(
        title_en="Alpine glaciers shrink again as summer heat outlasts winter snow",
        summary_en=(
            "Glaciologists say the Alps lost ice for a fourth year running, as a dry "
            "winter left too little snow to shield the glaciers through a long, hot "
            "summer."
        ),
        paragraphs_en=(
            (
                "Glaciers across the Alps lost ice for the fourth year in a row this "
                "summer, according to researchers who measure them each autumn, as a "
                "long spell of heat followed a winter with little snow."
            ),
            (
                "Snow acts as a blanket for the ice below: while it lasts, it reflects "
                "sunlight and melts first. This year it was gone from many glacier "
                "tongues by early July, weeks earlier than usual, leaving bare ice "
                "exposed to the sun for most of the season."
            ),
            (
                "The researchers said small glaciers at lower altitudes were most at "
                "risk, and that several they have monitored for decades may soon be "
                "too thin to measure. They called for the measurements to continue, so "
                "that water planners downstream can prepare for rivers that carry less "
                "meltwater in late summer."
            ),
        ),
        title_zh_hans="夏季酷热持续、冬雪难以护冰，阿尔卑斯山冰川再度缩减",
        summary_zh_hans=(
            "冰川学家表示，阿尔卑斯山冰川已连续第四年消融：冬季干燥少雪，积雪不足以"
            "帮助冰川熬过漫长而炎热的夏季。"
        ),
        paragraphs_zh_hans=(
            (
                "据每年秋季对阿尔卑斯山冰川进行测量的研究人员介绍，今年夏天，该地区"
                "冰川连续第四年出现冰量损失：继一个少雪的冬季之后，又迎来了长时间的"
                "高温天气。"
            ),
            (
                "积雪就像覆盖在冰面上的一层毯子：只要积雪还在，它就能反射阳光，并先于"
                "冰层融化。今年，许多冰舌上的积雪在七月初就已消失，比往年早了数周，使"
                "裸露的冰面在这一季的大部分时间里直接暴露在阳光下。"
            ),
            (
                "研究人员表示，海拔较低的小型冰川面临的风险最大，其中几条已被他们监测"
                "数十年的冰川可能很快就会薄到无法测量。他们呼吁继续开展测量，以便下游"
                "的水资源规划部门为夏末河流融水减少做好准备。"
            ),
        ),
        byline="Claire Dubois",
        category_slug="climate",
        source_slug="the-guardian",
        age=timedelta(hours=5),
        chinese_status=StoryLanguageStatus.PUBLISHED,
        picture=DrawnPicture(
            # This seed draws rolling hills under a pale winter sky.
            seed="demo-picture:alpine-glaciers:2",
            caption_en=(
                "Glaciers are measured each autumn, once the summer’s melt is over. "
                "A drawing stands in for a photograph."
            ),
            caption_zh_hans="冰川测量每年秋季进行，此时夏季消融已经结束。此处以绘图代替照片。",
        ),
    ),
    BilingualStoryEntry(
        title_en="Rural libraries lend Wi-Fi hotspots to students without internet",
        summary_en=(
            "Libraries in several rural counties now lend mobile Wi-Fi hotspots like "
            "books, to help students who have no internet connection at home."
        ),
        paragraphs_en=(
            (
                "Public libraries in several rural counties have begun lending mobile "
                "Wi-Fi hotspots the way they lend books, hoping to help students who "
                "have no internet connection at home to finish their homework."
            ),
            (
                "Borrowers can take a hotspot home for three weeks and renew it if "
                "nobody is waiting. Librarians said the devices were all booked within "
                "days of the scheme’s launch, and that most borrowers were families "
                "with school-age children."
            ),
            (
                "The scheme is paid for by a two-year state grant. Library directors "
                "said they would ask county governments to keep it going afterwards, "
                "and that they were recording how often the devices are used to make "
                "their case."
            ),
        ),
        title_zh_hans="农村图书馆出借 Wi-Fi 热点，帮助家中无网络的学生",
        summary_zh_hans=(
            "多个农村县的图书馆开始像借书一样出借移动 Wi-Fi 热点，帮助家中没有网络"
            "连接的学生。"
        ),
        paragraphs_zh_hans=(
            (
                "多个农村县的公共图书馆开始像出借图书一样出借移动 Wi-Fi 热点，希望帮助"
                "家中没有网络连接的学生完成家庭作业。"
            ),
            (
                "借阅者可将热点设备带回家使用三周，如无人预约还可续借。图书馆员表示，"
                "该计划启动后几天之内设备就被预订一空，借阅者大多是有学龄子女的家庭。"
            ),
            (
                "这一计划由一笔为期两年的州政府拨款资助。图书馆馆长们表示，拨款到期后"
                "他们将请求县政府继续提供支持，并正在记录设备的使用频率，作为争取支持"
                "的依据。"
            ),
        ),
        byline="Samuel Adeyemi",
        category_slug="technology",
        source_slug="associated-press",
        age=timedelta(hours=9),
        chinese_status=StoryLanguageStatus.PUBLISHED,
    ),
    BilingualStoryEntry(
        title_en="Container freight rates fall as new ships outpace demand",
        summary_en=(
            "The cost of shipping a container from Asia to northern Europe fell for a "
            "sixth week as new ships joined fleets faster than trade grew, freight "
            "analysts said."
        ),
        paragraphs_en=(
            (
                "The cost of shipping a 40-foot container from Asia to northern Europe "
                "fell for a sixth consecutive week, freight analysts said on Thursday, "
                "as new vessels joined carriers’ fleets faster than demand for goods "
                "grew."
            ),
            (
                "A widely watched spot-rate index dropped 12% over the week, leaving "
                "rates on the route roughly a third below their level at the start of "
                "the year."
            ),
            (
                "Carriers have begun cancelling some sailings to support prices, "
                "analysts said, but retailers are expected to benefit from lower costs "
                "ahead of the holiday season, when most of their goods are shipped."
            ),
        ),
        title_zh_hans="新船运力增速超过需求，集装箱运费下跌",
        summary_zh_hans=(
            "货运分析师表示，由于新船加入船队的速度快于贸易增长，从亚洲运往北欧的"
            "集装箱运费已连续第六周下跌。"
        ),
        paragraphs_zh_hans=(
            (
                "货运分析师周四表示，从亚洲运往北欧的40英尺集装箱运费已连续第六周下跌，"
                "原因是新船加入各航运公司船队的速度超过了商品需求的增长。"
            ),
            (
                "一项备受关注的即期运价指数当周下跌12%，使该航线运价比年初水平低约三分"
                "之一。"
            ),
            (
                "分析人士称，航运公司已开始取消部分航次以支撑运价，但零售商预计将在节日"
                "季前受益于成本下降——他们的大部分商品都在这一时期运输。"
            ),
        ),
        byline="Kenji Watanabe",
        category_slug="business",
        source_slug="reuters",
        age=timedelta(hours=14),
        chinese_status=StoryLanguageStatus.PUBLISHED,
        # The index's fall was misreported at first; the Chinese version,
        # published before the correction, still says 12%.
        correction=Correction(before="dropped 12% over", after="dropped 9% over"),
    ),
    BilingualStoryEntry(
        title_en="City council votes to run night buses on five more routes",
        summary_en=(
            "Night buses will run on five more routes from next spring after "
            "councillors approved the plan by a wide margin, despite concerns about "
            "its cost."
        ),
        paragraphs_en=(
            (
                "Councillors voted by 41 to 12 on Tuesday evening to extend the city’s "
                "night bus network to five more routes from next spring, linking outer "
                "districts to the centre after the last trains have left."
            ),
            (
                "Supporters said shift workers in hospitals, hotels and warehouses had "
                "waited years for the change. Opponents did not dispute the need but "
                "questioned the cost, which the council’s own figures put at about "
                "3.2 million euros a year."
            ),
            (
                "The transport department will now consult residents on the exact "
                "routes and stops. The first route is due to open in March, and the "
                "others by the end of June if enough drivers can be recruited."
            ),
        ),
        title_zh_hans="市议会投票通过：新增五条夜间公交线路",
        summary_zh_hans=(
            "市议员以较大优势通过方案，明年春季起将新增五条夜间公交线路，但也有人对其"
            "成本表示担忧。"
        ),
        paragraphs_zh_hans=(
            (
                "市议员们周二晚间以41票对12票通过决议，从明年春季起将市内夜间公交网络"
                "扩展至另外五条线路，在末班列车收班后连接外围城区与市中心。"
            ),
            (
                "支持者表示，医院、酒店和仓库的轮班工人多年来一直期盼这一改变。反对者"
                "并不否认这一需求，但对成本提出质疑——根据市议会自己的数据，每年成本约"
                "为320万欧元。"
            ),
            (
                "交通部门接下来将就具体线路和站点征求居民意见。第一条线路预计于三月开通，"
                "如能招募到足够的司机，其余线路将在六月底前开通。"
            ),
        ),
        byline="",
        category_slug="politics",
        source_slug="world-brief-newsroom",
        age=timedelta(hours=20),
        chinese_status=StoryLanguageStatus.IN_REVIEW,
    ),
)
