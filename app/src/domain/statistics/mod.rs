//! 失业登记统计: the rules behind the figures (which month, which age band, 城镇 or 农村, who is
//! behind on "311", the middle and 90th percentile of a set of days), pure so each is tested on
//! its own. The counting itself is in `backend::statistics`.
pub mod month;
pub mod pace;
pub mod people;
pub mod summary;
