"""Demo communication activities of the demo province, 2025 and 2026: the key dates, the Action Month of both
years as campaigns, broadcasts and a community session in Khmer, linked to the plan's communication task. All
figures are invented and every title says "(demo)"."""

from datetime import date

from agencies.models import Agency
from communication.models import Activity
from communication.services import activity_create, campaign_create
from plans.models import TaskCategory
from plans.selectors import plan_for_year
from units.selectors import communes_of

ACTION_MONTH = (
    "Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới năm {year} (demo)"
)

# (year, title, type, start, end, commune index or None, place, channel, languages, audiences,
#  (female, male, unknown), products, costs, in the Action Month campaign, organising agency kind)
ACTIVITIES = [
    (
        2025,
        "Hội nghị kỷ niệm Ngày Quốc tế Phụ nữ và tọa đàm về bình đẳng giới trong khu vực công (demo)",
        "conference",
        date(2025, 3, 7),
        None,
        None,
        "Hội trường Ủy ban nhân dân tỉnh",
        "",
        ["vi"],
        ["officials", "women", "media"],
        (165, 85, 0),
        {"posters": 20},
        {"local_recurrent": 25_000_000},
        False,
        "noi_vu",
    ),
    (
        2025,
        "Ngày hội gia đình: chia sẻ việc nhà, nói không với bạo lực (demo)",
        "event",
        date(2025, 6, 28),
        None,
        0,
        "Nhà văn hóa xã",
        "",
        ["vi"],
        ["women", "men", "youth"],
        (320, 210, 0),
        {"leaflets": 1_000, "posters": 10},
        {"local_recurrent": 18_000_000, "society": 5_000_000},
        False,
        "van_hoa",
    ),
    (
        2025,
        "Lễ phát động Tháng hành động vì bình đẳng giới năm 2025 (demo)",
        "event",
        date(2025, 11, 15),
        None,
        None,
        "Quảng trường trung tâm tỉnh",
        "Đài Phát thanh - Truyền hình tỉnh truyền hình trực tiếp",
        ["vi"],
        ["officials", "women", "men", "youth", "media"],
        (620, 480, 0),
        {"leaflets": 2_000, "posters": 60, "videos": 1},
        {"local_recurrent": 60_000_000, "society": 20_000_000},
        True,
        "van_hoa",
    ),
    (
        2025,
        "Tuyên truyền trên loa truyền thanh cơ sở bằng tiếng Việt và tiếng Khmer (demo)",
        "loudspeaker",
        date(2025, 11, 17),
        date(2025, 12, 12),
        1,
        "Các ấp có đông đồng bào Khmer",
        "Loa truyền thanh cơ sở",
        ["vi", "km"],
        ["ethnic_minorities", "women", "men"],
        (0, 0, 9_500),
        {"radio_spots": 40},
        {"local_recurrent": 8_000_000},
        True,
        "van_hoa",
    ),
    (
        2025,
        "Tập huấn kỹ năng phòng ngừa, ứng phó với bạo lực trên cơ sở giới cho cán bộ cấp xã (demo)",
        "training",
        date(2025, 12, 4),
        date(2025, 12, 5),
        None,
        "Trường Chính trị tỉnh",
        "",
        ["vi"],
        ["officials", "community_leaders"],
        (62, 38, 0),
        {"publications": 100},
        {"programmes": 45_000_000},
        True,
        "noi_vu",
    ),
    (
        2026,
        "Hội nghị kỷ niệm Ngày Quốc tế Phụ nữ và biểu dương nữ cán bộ tiêu biểu (demo)",
        "conference",
        date(2026, 3, 6),
        None,
        None,
        "Hội trường Ủy ban nhân dân tỉnh",
        "",
        ["vi"],
        ["officials", "women"],
        (190, 70, 0),
        {"posters": 15},
        {"local_recurrent": 30_000_000},
        False,
        "hoi_phu_nu",
    ),
    (
        2026,
        "Tọa đàm Ngày Phụ nữ Việt Nam: phụ nữ khởi nghiệp sau sắp xếp địa giới (demo)",
        "conference",
        date(2026, 10, 20),
        None,
        2,
        "Trung tâm văn hóa xã",
        "",
        ["vi"],
        ["women", "migrants"],
        (140, 25, 0),
        {"leaflets": 500},
        {"local_recurrent": 12_000_000},
        False,
        "hoi_phu_nu",
    ),
    (
        2026,
        "Lễ phát động Tháng hành động vì bình đẳng giới năm 2026 (demo)",
        "event",
        date(2026, 11, 14),
        date(2026, 11, 15),
        None,
        "Quảng trường trung tâm tỉnh",
        "Đài Phát thanh - Truyền hình tỉnh truyền hình trực tiếp",
        ["vi"],
        ["officials", "women", "men", "youth", "media"],
        (700, 520, 0),
        {"leaflets": 3_000, "posters": 80, "videos": 2},
        {"local_recurrent": 70_000_000, "society": 25_000_000},
        True,
        "van_hoa",
    ),
    (
        2026,
        "Chuyên mục phát thanh song ngữ Việt - Khmer về bình đẳng giới (demo)",
        "broadcast",
        date(2026, 11, 16),
        date(2026, 11, 26),
        None,
        "",
        "Đài Phát thanh - Truyền hình tỉnh, chương trình tiếng Khmer",
        ["vi", "km"],
        ["ethnic_minorities", "community_leaders"],
        (0, 0, 18_000),
        {"radio_spots": 12},
        {"local_recurrent": 15_000_000},
        True,
        "van_hoa",
    ),
    (
        2026,
        "Chuỗi bài đăng “Chia sẻ việc nhà” trên trang của Hội Liên hiệp Phụ nữ tỉnh (demo)",
        "social_media",
        date(2026, 11, 18),
        date(2026, 11, 25),
        None,
        "",
        "Trang Facebook và Zalo của Hội Liên hiệp Phụ nữ tỉnh",
        ["vi"],
        ["youth", "women", "men"],
        (2_600, 1_700, 3_900),
        {"social_posts": 24, "videos": 3},
        {"society": 6_000_000},
        True,
        "hoi_phu_nu",
    ),
    (
        2026,
        "Sinh hoạt chuyên đề bình đẳng giới bằng tiếng Khmer tại điểm chùa của ấp (demo)",
        "training",
        date(2026, 11, 22),
        None,
        1,
        "Điểm sinh hoạt cộng đồng tại chùa của ấp",
        "",
        ["km", "vi"],
        ["ethnic_minorities", "community_leaders", "elderly"],
        (85, 60, 0),
        {"leaflets": 300},
        {"programmes": 9_000_000},
        True,
        "hoi_phu_nu",
    ),
]


def _communication_task(province, year):
    plan = plan_for_year(province=province, year=year)
    if plan is None:
        return None
    return plan.tasks.filter(category=TaskCategory.COMMUNICATION).order_by("order", "id").first()


def demo_communication_load(*, province, focal) -> None:
    if Activity.objects.filter(province=province).exists():
        return
    agencies = {a.kind.code: a for a in Agency.objects.filter(province=province).select_related("kind")}
    communes = list(communes_of(province)[:3])
    campaigns = {
        year: campaign_create(
            province=province,
            by=focal,
            name=ACTION_MONTH.format(year=year),
            start_date=date(year, 11, 15),
            end_date=date(year, 12, 15),
            description="Chiến dịch truyền thông hưởng ứng Tháng hành động tại các xã, phường (demo).",
        )
        for year in (2025, 2026)
    }
    for row in ACTIVITIES:
        (
            year,
            title,
            kind,
            start,
            end,
            commune,
            place,
            channel,
            languages,
            audiences,
            reached,
            products,
            costs,
        ) = row[:13]
        in_campaign, agency = row[13], row[14]
        female, male, unknown = reached
        activity_create(
            province=province,
            by=focal,
            title=title,
            activity_type=kind,
            start_date=start,
            end_date=end,
            commune=communes[commune] if commune is not None and commune < len(communes) else None,
            campaign=campaigns[year] if in_campaign else None,
            task=_communication_task(province, year),
            agency=agencies.get(agency),
            place=place,
            channel=channel,
            languages=languages,
            audiences=audiences,
            reached_female=female,
            reached_male=male,
            reached_unknown=unknown,
            products=products,
            costs=costs,
            description="Nội dung minh họa (demo).",
        )
