// The personal data the browser tests type. end2end/run.mjs checks that none of it ever
// appears whole in the server's log.

/** A 居民身份证 number from its first 17 digits, with its GB 11643 MOD 11-2 check character. */
export function withCheck(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

/** Today in China, as YYYYMMDD shifted by whole years (for ages relative to the test day). */
function chinaDate(yearsAgo, daysLater = 0) {
  const d = new Date(Date.now() + 8 * 3600_000 + daysLater * 86_400_000);
  return `${d.getUTCFullYear() - yearsAgo}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

export const TEST_PHONES = ['13912345678', '13712340000', '13612345001', '13612345002', '13612345003', '13612345004', '13612345005'];

// Valid 居民身份证 numbers (checksums computed), one per sign-in test.
export const TEST_IDS = ['430104199003070023', '433124198511110048'];

/** People of the registration tests: each has a phone and a document. */
export const PEOPLE = {
  withJs: { phone: '13612345001', id: withCheck('43010419880512003') },
  withoutJs: { phone: '13612345002', id: withCheck('43012419750203004') },
  // Turns 16 tomorrow.
  fifteen: { phone: '13612345003', id: withCheck(`430104${chinaDate(16, 1)}005`) },
  pensioner: { phone: '13612345004', id: withCheck('43010419580101006') },
  // A 港澳台居民居住证 number (810000 = Hong Kong).
  hongKong: { phone: '13612345005', id: withCheck('81000019900101007') },
};
for (const p of Object.values(PEOPLE)) TEST_IDS.push(p.id);

/** The demo worker of `make run` (app/src/backend/demo.rs), registered with services. */
export const DEMO_WORKER = { phone: '13800000000', id: withCheck('43019919850615999') };
TEST_PHONES.push(DEMO_WORKER.phone);

/** A staff account of 岳麓区's demo office, made by run.mjs through `portal staff add`. */
export const E2E_STAFF = { username: 'e2e-staff', password: 'e2e staff password 1', phone: '13700000001', institution: 'DEMO-430104' };
TEST_PHONES.push(E2E_STAFF.phone);
TEST_IDS.push(DEMO_WORKER.id);

/** A second staff account, of 开福区's demo office (another county): the staff tests transfer to it. */
export const E2E_STAFF_2 = { username: 'e2e-staff-2', password: 'e2e staff password 2', phone: '13700000002', institution: 'DEMO-430105' };
TEST_PHONES.push(E2E_STAFF_2.phone);

/**
 * A third account of 岳麓区's demo office, for the 注销 tests (tests/ending.test.mjs): each
 * account signs in once per test file, and two files signing one account in within the
 * resend wait would be refused a code.
 */
export const E2E_STAFF_3 = { username: 'e2e-staff-3', password: 'e2e staff password 3', phone: '13700000003', institution: 'DEMO-430104' };
TEST_PHONES.push(E2E_STAFF_3.phone);

/**
 * A fourth account of 岳麓区's demo office, for 大厅协助办理 (tests/hall.test.mjs), signed in
 * once in that file only, for the same reason as E2E_STAFF_3.
 */
export const E2E_STAFF_4 = { username: 'e2e-staff-4', password: 'e2e staff password 4', phone: '13700000004', institution: 'DEMO-430104' };
TEST_PHONES.push(E2E_STAFF_4.phone);

/**
 * The workers of the staff tests (tests/staff.test.mjs) and of the 注销 tests
 * (tests/ending.test.mjs), one application each, used nowhere else.
 */
export const APPLICANTS = {
  registered: { phone: '13612345006', id: withCheck('43010419870304011'), name: '赵晓梅' },
  refused: { phone: '13612345007', id: withCheck('43010419900815012'), name: '钱立新' },
  transferred: { phone: '13612345008', id: withCheck('43010519821120013'), name: '孙雅琴' },
  filtered: { phone: '13612345009', id: withCheck('43010419950228014'), name: '周文斌' },
  // 注销原因5, announced to the person and then withdrawn.
  announced: { phone: '13612345010', id: withCheck('43010419860612021'), name: '吴建华' },
  // 注销原因10, ended at once without telling anyone.
  died: { phone: '13612345011', id: withCheck('43010419790923022'), name: '郑丽娟' },
  // A decline given by phone, taken down by staff.
  declinedByPhone: { phone: '13612345012', id: withCheck('43010419930417023'), name: '王志强' },
};
for (const p of Object.values(APPLICANTS)) {
  TEST_PHONES.push(p.phone);
  TEST_IDS.push(p.id);
}

/**
 * The people of 大厅协助办理 (tests/hall.test.mjs): present at 岳麓区's hall, each reads out the
 * code sent to their own phone; one application each, used nowhere else.
 */
export const HALL_PEOPLE = {
  // The whole flow on a tablet without JavaScript.
  tablet: { phone: '13612345013', id: withCheck('43010419830722032'), name: '刘桂英' },
  // A wrong code first, then the application, at a desk with JavaScript.
  desk: { phone: '13612345014', id: withCheck('43010419910309031'), name: '黄建国' },
};
for (const p of Object.values(HALL_PEOPLE)) {
  TEST_PHONES.push(p.phone);
  TEST_IDS.push(p.id);
}

/**
 * The person of the 关怀模式 tests (tests/care.test.mjs): signs in on a phone in care mode and
 * reaches the first pages of the form, used nowhere else.
 */
export const CARE_PERSON = { phone: '13612345090', id: withCheck('43010419760808090') };
TEST_PHONES.push(CARE_PERSON.phone);
TEST_IDS.push(CARE_PERSON.id);

/**
 * The worker of the WeChat tests (tests/wechat.test.mjs): one application, whose confirmation
 * page is read inside and outside WeChat, used nowhere else.
 */
export const WECHAT_PERSON = { phone: '13612345070', id: withCheck('43010419870707070'), name: '陈晓燕' };
TEST_PHONES.push(WECHAT_PERSON.phone);
TEST_IDS.push(WECHAT_PERSON.id);
