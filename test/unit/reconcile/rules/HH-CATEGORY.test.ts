import { compareHhCategory } from '../../../../src/reconcile/rules/HH-CATEGORY';

describe('HH-CATEGORY compareHhCategory', () => {
  it.each([
    ['incinerator takes OTHER', 'OTHER', 'INCINERATOR', false],
    ['incinerator refuses KITCHEN', 'KITCHEN', 'INCINERATOR', true],
    ['food-waste plant takes FOOD_SERVICE', 'FOOD_SERVICE', 'FOOD_WASTE_PLANT', false],
    ['landfill refuses BULKY', 'BULKY', 'LANDFILL', true],
    ['sorting centre takes RECYCLABLE', 'RECYCLABLE', 'SORTING_CENTER', false],
    ['hazardous point refuses OTHER', 'OTHER', 'HAZARDOUS_COLLECTION', true],
    ['transfer station takes anything', 'KITCHEN', 'TRANSFER_STATION', false],
    ['unknown facility (missing side)', 'KITCHEN', null, false],
    ['no category (missing side)', null, 'INCINERATOR', false],
  ])('%s', (_name, category, facilityType, flagged) => {
    expect(compareHhCategory({ category, facilityType })).toBe(flagged);
  });
});
