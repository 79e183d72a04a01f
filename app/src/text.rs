//! The Chinese strings people read, in one place.

pub const SITE_TITLE: &str = "湖南省失业登记服务";
pub const SITE_DESCRIPTION: &str =
    "湖南省失业登记网上服务：在线办理失业登记，查找附近的公共就业服务机构，查看就业服务。";

pub const NAV_REGISTER: &str = "办理失业登记";
pub const NAV_INSTITUTIONS: &str = "附近服务机构";
pub const NAV_SERVICES: &str = "我的就业服务";

/// The large-text switch (适老化); its on/off state is announced by `aria-pressed`.
pub const CARE_MODE: &str = "关怀模式";

/// The 人社 service hotline; every sentence that names it shows it as a link that dials it
/// (`ui::phone::with_hotline`).
pub const HOTLINE_NUMBER: &str = "12333";
pub const HOTLINE: &str = "如需帮助，请拨打人社服务热线 12333。";
pub const TRY_AGAIN: &str = "暂时无法读取，请稍后刷新重试；如需帮助，请拨打 12333。";

pub const NOT_FOUND_TITLE: &str = "页面不存在";
pub const NOT_FOUND_BODY: &str = "您要找的页面不存在或已移动。请检查网址，或返回首页。";
pub const BACK_HOME: &str = "返回首页";
