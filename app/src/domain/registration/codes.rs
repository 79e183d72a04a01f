//! The code lists of the 就业失业求职登记表 (../shared/domain.md §1.3–1.5): the official code is
//! what is stored, the plain words are what people read.

/// One answer a person can pick: the stored code and the words shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Choice {
    pub code: &'static str,
    pub label: &'static str,
    /// A line under the label, in plain words.
    pub hint: &'static str,
}

const fn c(code: &'static str, label: &'static str) -> Choice {
    Choice { code, label, hint: "" }
}

const fn h(code: &'static str, label: &'static str, hint: &'static str) -> Choice {
    Choice { code, label, hint }
}

/// The label of `code` in `list`.
pub fn label_of(list: &[Choice], code: &str) -> Option<&'static str> {
    list.iter().find(|c| c.code == code).map(|c| c.label)
}

pub const YES_NO: &[Choice] = &[c("1", "是"), c("0", "否")];

/// 民族 (GB 3304): 汉族, then Hunan's large minorities, then the rest in code order.
pub const ETHNICITIES: &[Choice] = &[
    c("01", "汉族"),
    c("15", "土家族"),
    c("06", "苗族"),
    c("12", "侗族"),
    c("13", "瑶族"),
    c("14", "白族"),
    c("03", "回族"),
    c("02", "蒙古族"),
    c("04", "藏族"),
    c("05", "维吾尔族"),
    c("07", "彝族"),
    c("08", "壮族"),
    c("09", "布依族"),
    c("10", "朝鲜族"),
    c("11", "满族"),
    c("16", "哈尼族"),
    c("17", "哈萨克族"),
    c("18", "傣族"),
    c("19", "黎族"),
    c("20", "傈僳族"),
    c("21", "佤族"),
    c("22", "畲族"),
    c("23", "高山族"),
    c("24", "拉祜族"),
    c("25", "水族"),
    c("26", "东乡族"),
    c("27", "纳西族"),
    c("28", "景颇族"),
    c("29", "柯尔克孜族"),
    c("30", "土族"),
    c("31", "达斡尔族"),
    c("32", "仫佬族"),
    c("33", "羌族"),
    c("34", "布朗族"),
    c("35", "撒拉族"),
    c("36", "毛南族"),
    c("37", "仡佬族"),
    c("38", "锡伯族"),
    c("39", "阿昌族"),
    c("40", "普米族"),
    c("41", "塔吉克族"),
    c("42", "怒族"),
    c("43", "乌孜别克族"),
    c("44", "俄罗斯族"),
    c("45", "鄂温克族"),
    c("46", "德昂族"),
    c("47", "保安族"),
    c("48", "裕固族"),
    c("49", "京族"),
    c("50", "塔塔尔族"),
    c("51", "独龙族"),
    c("52", "鄂伦春族"),
    c("53", "赫哲族"),
    c("54", "门巴族"),
    c("55", "珞巴族"),
    c("56", "基诺族"),
    c("97", "其他未识别民族"),
    c("98", "外国血统中国籍人士"),
];

/// 户口性质 (AAC009), the main split plus the post-2014 居民户口.
pub const HOUSEHOLD_KINDS: &[Choice] = &[
    h("10", "城镇户口（非农业）", ""),
    h("20", "农村户口（农业）", ""),
    h("50", "居民户口", "户口簿上写“居民户口”、不分农业和非农业的，选这一项"),
];

/// 文化程度 (GB/T 4658), the collapsed list self-service forms show.
pub const EDUCATION: &[Choice] = &[
    c("10", "研究生（博士、硕士）"),
    c("20", "大学本科"),
    c("30", "大学专科"),
    c("40", "中专、职高、技校"),
    c("60", "高中"),
    c("70", "初中"),
    c("80", "小学"),
    h("90", "其他", "包括没有上过学"),
];

/// 健康状况 (AAC033).
pub const HEALTH: &[Choice] = &[c("1", "健康"), h("5", "残疾", "持有残疾人证的，选这一项")];

pub const DISABILITY_KINDS: &[Choice] = &[
    c("1", "视力残疾"),
    c("2", "听力残疾"),
    c("3", "言语残疾"),
    c("4", "肢体残疾"),
    c("5", "智力残疾"),
    c("6", "精神残疾"),
    c("7", "多重残疾"),
];

pub const DISABILITY_GRADES: &[Choice] = &[c("1", "一级"), c("2", "二级"), c("3", "三级"), c("4", "四级")];

/// 失业原因 (AJC093) in plain words; the code is the official one.
pub const UNEMPLOYMENT_REASONS: &[Choice] = &[
    h(GRADUATE_REASON, "毕业后还没有工作", "从学校毕业、肄业，没有继续升学"),
    h("20", "与单位解除或终止了劳动合同", "被辞退、合同到期不续、自己辞职等"),
    h("30", "从机关、事业单位离职", "辞职、被辞退或解聘"),
    h(
        "40",
        "失去承包土地",
        "由农业户口转为非农业户口并失去承包土地，含转产渔民、牧民",
    ),
    h("50", "退出现役，未纳入国家统一安置", ""),
    h("60", "刑满释放、假释或监外执行", ""),
    h("80", "个体工商户或私营企业停止经营", "自己做生意或开公司，已经停业"),
    h("90", "其他原因", "例如灵活就业中断"),
];

/// 毕业未就业: the one reason without a previous employer.
pub const GRADUATE_REASON: &str = "10";

/// 技能等级 (AAC015), optional.
pub const SKILL_LEVELS: &[Choice] = &[
    c("0", "没有职业资格或技能等级证书"),
    c("5", "五级 / 初级工"),
    c("4", "四级 / 中级工"),
    c("3", "三级 / 高级工"),
    c("2", "二级 / 技师"),
    c("1", "一级 / 高级技师"),
];

/// 用工形式.
pub const WORK_FORMS: &[Choice] = &[
    c("full_time", "全职（全日制）"),
    c("part_time", "兼职（非全日制）"),
    c("flexible", "灵活就业"),
    c("any", "都可以"),
];

/// 失业登记地类型 (ACC412): Hunan offers 户籍地 and 常住地; never refuse for 人户分离.
pub const PLACE_KINDS: &[Choice] = &[
    h("household", "户籍地", "在户口所在地办理"),
    h("residence", "常住地", "在现在居住的地方办理，户口在外地也可以"),
];

/// 就业困难人员 categories a person may declare (a typical provincial list; Hunan's official
/// list replaces this data, nothing else changes). 认定 is a separate step at the office.
pub const DIFFICULTY_CATEGORIES: &[Choice] = &[
    h("older", "大龄失业人员", "女性满40周岁、男性满50周岁"),
    c("disabled", "残疾人"),
    c("low_income", "享受最低生活保障的人员"),
    c("zero_employment", "城镇零就业家庭成员"),
    c("rural_poor", "农村零转移就业贫困家庭成员"),
    c("landless", "失地农民"),
    c("long_unemployed", "连续失业一年以上"),
    c("released", "刑满释放人员"),
    c("rehab", "戒毒康复人员、精神障碍康复人员"),
    c("veteran", "登记失业6个月以上的退役士兵"),
    c("carer", "需赡养患重大疾病直系亲属的人员"),
    c("graduate", "特定家庭或离校未就业6个月以上的高校毕业生"),
    c("poverty_watch", "脱贫劳动力、农村防返贫监测对象"),
];

/// What a person may answer in the monthly 就业失业动态确认.
pub const MONTHLY_ANSWERS: &[Choice] = &[
    c("looking", "仍在找工作"),
    c("found_work", "已经找到工作"),
    c("other", "其他情况"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_56_ethnic_groups_once_hunan_minorities_first() {
        let mut codes: Vec<&str> = ETHNICITIES.iter().map(|c| c.code).collect();
        assert_eq!(&codes[..7], ["01", "15", "06", "12", "13", "14", "03"]);
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 58);
        let official: Vec<String> = (1..=56).map(|n| format!("{n:02}")).collect();
        assert!(official.iter().all(|c| codes.contains(&c.as_str())));
    }

    #[test]
    fn codes_are_unique_in_every_list() {
        for list in [
            ETHNICITIES,
            HOUSEHOLD_KINDS,
            EDUCATION,
            HEALTH,
            DISABILITY_KINDS,
            DISABILITY_GRADES,
            UNEMPLOYMENT_REASONS,
            SKILL_LEVELS,
            WORK_FORMS,
            PLACE_KINDS,
            DIFFICULTY_CATEGORIES,
            MONTHLY_ANSWERS,
        ] {
            let mut codes: Vec<&str> = list.iter().map(|c| c.code).collect();
            codes.sort_unstable();
            codes.dedup();
            assert_eq!(codes.len(), list.len());
        }
    }
}
