import { ReferenceItemModel, seedReferenceData } from '../../../src/model';
import { useTestDatabase } from '../../support/mongo';

useTestDatabase(__filename);

describe('seedReferenceData', () => {
  it('loads the catalogue with its 81 codes and the other tables, idempotently', async () => {
    const first = await seedReferenceData();
    expect(first.byTable).toMatchObject({
      ISW_CATEGORY: 14,
      ISW_CODE: 81,
      HW_CLASS: 50,
      MEDICAL_CATEGORY: 5,
      CONSTRUCTION_CATEGORY: 5,
      AGENCY: 7,
      STREET: 9,
    });
    expect(first.inserted).toBe(first.rows);

    const second = await seedReferenceData();
    expect(second).toMatchObject({ rows: first.rows, inserted: 0, updated: 0 });

    expect(await ReferenceItemModel.countDocuments({ table: 'ISW_CODE', version: '2020' })).toBe(81);
    expect(await ReferenceItemModel.countDocuments()).toBe(first.rows);
    const nameless = await ReferenceItemModel.findOne({ table: 'ISW_CODE', code: '990701' }).lean().exec();
    expect(nameless).toMatchObject({ name: null, needsReview: true, parentCode: 'ISW07', validTo: null });
    const duplicate = await ReferenceItemModel.findOne({ table: 'ISW_CODE', code: '990604' }).lean().exec();
    expect(duplicate?.attributes).toMatchObject({ ambiguousDuplicateOf: '99-06-02', display: '99-06-04' });
    const eeb = await ReferenceItemModel.findOne({ table: 'AGENCY', code: 'EEB' }).lean().exec();
    expect(eeb?.attributes).toMatchObject({ formerNames: ['环境保护局', '环保局'] });
    const hw41 = await ReferenceItemModel.findOne({ table: 'HW_CLASS', code: 'HW41' }).lean().exec();
    expect(hw41?.validTo).toEqual(new Date('2016-08-01T00:00:00+08:00'));
  });

  it('reports the catalogue version valid on a date from the database', async () => {
    const onDate = new Date('2026-10-15T00:00:00+08:00');
    const count = await ReferenceItemModel.countDocuments({
      table: 'ISW_CODE',
      validFrom: { $lte: onDate },
      $or: [{ validTo: null }, { validTo: { $gt: onDate } }],
    });
    expect(count).toBe(81);
  });

  it('is safe when two processes seed an empty store at once (the loser of a key race skips the row the winner wrote)', async () => {
    await ReferenceItemModel.deleteMany({});
    const seeds = await Promise.all([seedReferenceData(), seedReferenceData()]);
    expect(new Set(seeds.map((seed) => seed.rows)).size).toBe(1);
    expect(await ReferenceItemModel.countDocuments()).toBe(seeds[0]!.rows);
  });
});
