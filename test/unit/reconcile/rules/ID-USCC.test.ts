import { usccCheckCharacter } from '../../../../src/model/validators';
import { compareIdentity } from '../../../../src/reconcile/rules/ID-USCC';

const first17 = '91110107MA01ABCD1';
const valid = first17 + usccCheckCharacter(first17);
const invalid = first17 + (usccCheckCharacter(first17) === '0' ? '1' : '0');

describe('ID-USCC compareIdentity', () => {
  it.each([
    ['valid, one name', valid, ['北京某某环保科技有限公司'], []],
    ['valid, spelling variants (width, spaces, 有限责任公司)', valid, ['北京某某（集团）有限责任公司', '北京某某(集团)有限公司', '北京某某 (集团)有限公司'], []],
    ['invalid check character', invalid, ['北京某某有限公司'], ['INVALID_CHECK']],
    ['conflicting names', valid, ['北京某某有限公司', '北京另一家商贸有限公司'], ['CONFLICTING_NAMES']],
    ['both', invalid, ['甲公司', '乙公司'], ['INVALID_CHECK', 'CONFLICTING_NAMES']],
  ])('%s', (_name, uscc, names, expected) => {
    expect(compareIdentity({ uscc, names }).map((v) => v.kind)).toEqual(expected);
  });
});
