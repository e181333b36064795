import { badValue, join, optionalObject, optionalString, requiredArray, requiredString, type Json } from './validate-fields.js';

/** The catalogue-backed interactive actions (spec §1.3): single product, product list, catalog message. */
const V = 'parameterValueInvalid' as const;
const at = 'interactive.action';

export const catalogLimits = { sections: 10, sectionTitle: 24, productItems: 30 } as const;

export function validateProductAction(action: Json): void {
  requiredString(action, 'catalog_id', at, { code: V });
  requiredString(action, 'product_retailer_id', at, { code: V });
}

export function validateProductListAction(action: Json): void {
  requiredString(action, 'catalog_id', at, { code: V });
  const sectionsAt = join(at, 'sections');
  const sections = requiredArray(action, 'sections', at, { min: 1, max: catalogLimits.sections, code: V, noun: 'sections' });
  let total = 0;
  sections.forEach((section, s) => {
    const sectionAt = join(sectionsAt, s);
    requiredString(section, 'title', sectionAt, { max: catalogLimits.sectionTitle, code: V });
    const items = requiredArray(section, 'product_items', sectionAt, { min: 1, max: catalogLimits.productItems, code: V, noun: 'product items' });
    items.forEach((item, i) => requiredString(item, 'product_retailer_id', join(join(sectionAt, 'product_items'), i), { code: V }));
    total += items.length;
  });
  if (total > catalogLimits.productItems) {
    throw badValue(sectionsAt, `must have at most ${catalogLimits.productItems} product items in total, not ${total}`);
  }
}

/** Checked minimally: the action's name and, if given, the thumbnail product. */
export function validateCatalogAction(action: Json): void {
  const name = requiredString(action, 'name', at, { code: V });
  if (name !== 'catalog_message') throw badValue(join(at, 'name'), `must be "catalog_message", not "${name}"`);
  const parameters = optionalObject(action, 'parameters', at);
  if (parameters) optionalString(parameters, 'thumbnail_product_retailer_id', join(at, 'parameters'), { code: V });
}
