// A worker's 失业登记 application submitted through /api/v1, as the WeChat account or the
// provincial platform would (the pages themselves are tested in register.test.mjs): sign in
// with the code from the log, state the document, save every answer, submit.
// JSON writes from a program carry no Origin or Sec-Fetch-Site and no form token: the
// same-origin check lets them through and the form-token check is for form posts only.
import { randomUUID } from 'node:crypto';
import { codeFromLog, masked } from './sign-in.mjs';

/** Today in China shifted by `days`, as year, month and day. */
function chinaDay(days) {
  const d = new Date(Date.now() + 8 * 3600_000 + days * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

async function answer(res, what) {
  if (!res.ok()) throw new Error(`${what}: ${res.status()} ${await res.text()}`);
  return res.json();
}

/**
 * Signs `person` ({ phone, id, name }) in within `context` (its pages share the session) and
 * submits an application living in and handled by `office` of 岳麓区 (430104) unless told.
 * Returns the registration as the API answers it (reference, submitted_on, …).
 */
export async function submitApplication(context, person, { office = 'DEMO-430104', division = '430104' } = {}) {
  const api = context.request;
  const sent = await answer(await api.post('/api/v1/auth/codes', { data: { phone: person.phone } }), 'send code');
  const code = await codeFromLog(masked(person.phone));
  await answer(await api.post('/api/v1/auth/session', { data: { challenge: sent.challenge, code } }), 'sign in');
  return submitSignedIn(context, person, { office, division });
}

/**
 * The same for a person already signed in within `context` (at the hall, say): states the
 * document, saves every answer, submits. Returns the registration as the API answers it.
 */
export async function submitSignedIn(context, person, { office = 'DEMO-430104', division = '430104' } = {}) {
  const api = context.request;
  await answer(await api.put('/api/v1/me/identity', { data: { kind: 'resident_id', number: person.id } }), 'identity');

  // The answers the demo worker is loaded with (app/src/backend/demo.rs), out of work a month.
  const ended = chinaDay(-30);
  const answers = {
    able_to_work: '1', wants_work: '1', without_work: '1', drawing_pension: '0',
    name: person.name,
    phone: person.phone,
    household_division: division, household_address: '某某街道某某社区（测试地址）', household_kind: '20',
    residence_division: division, residence_address: '某某小区1栋101（测试地址）',
    ethnicity: '01', education: '40', health: '1',
    reason: '20', employer: '某某物流有限公司',
    ended_year: String(ended.year), ended_month: String(ended.month), ended_day: String(ended.day),
    certificates: '', // the optional skills page, skipped
    job_1: '仓库管理员',
    training_wish: '0', business_wish: '0',
    claim_benefit: '0',
    difficulty: '', // the optional page, skipped
    place_kind: 'residence',
    office,
  };
  const draft = await answer(await api.put('/api/v1/me/registration/draft', { data: { answers } }), 'draft');
  if (draft.next_step !== 'check') {
    throw new Error(`draft stops at ${draft.next_step}: ${JSON.stringify(draft.problems)}`);
  }
  const form = await answer(await api.get('/api/v1/registration/form'), 'form');
  return answer(await api.post('/api/v1/me/registrations', {
    data: {
      idempotency_key: randomUUID(),
      declaration_accepted: true,
      signature: person.name,
      declaration_version: form.declaration_version,
    },
  }), 'submit');
}
