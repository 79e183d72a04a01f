-- The lists (政策清单, 服务清单, 注销规则) get a data version like the institutions and the
-- calendar: the public pages kept rendered in memory are rendered again when any version moves.
INSERT INTO data_versions (name, version) VALUES ('lists', 1);
