-- The pages of a draft saved without a problem (`slug,slug`): where the person resumes. They
-- were an answer inside the sealed answers; progress is not something the person said, so it
-- has its own column. Drafts saved before this keep theirs in the answers until next saved.
ALTER TABLE registration_drafts ADD COLUMN done_steps TEXT NOT NULL DEFAULT '';
