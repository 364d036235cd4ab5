/*
 * Typed access to pkg/catalog/catalog.json, the one list of metrics, groups, options, Stripe
 * resources and permissions. The Go backend embeds the same file, so the editors never keep a
 * copy of the list: everything the browser shows about a metric is read from here.
 */
import catalogJson from '../pkg/catalog/catalog.json';

export interface CatalogResource {
  id: string;
  label: string;
  path: string;
  /** The restricted-key permission Stripe asks for, e.g. rak_charge_read. */
  permission: string;
}

export interface CatalogGroup {
  id: string;
  label: string;
  description: string;
  /** Resource ids every metric of the group may read. */
  resources: string[];
}

/** A query option's id, which is also the StripeQuery field holding its value. */
export type OptionId = string;

export interface CatalogOption {
  label: string;
  description: string;
  /** A choice among these values. */
  values?: Array<{ value: string; label: string }>;
  /** Free input when there are no values: text (variables allowed), a whole number, or a list of text. */
  type?: 'text' | 'number' | 'list';
  placeholder?: string;
  min?: number;
  max?: number;
  default?: string;
}

export interface CatalogMetric {
  id: string;
  label: string;
  group: string;
  kind: 'timeseries' | 'numeric' | 'table';
  unit: string;
  resource: string;
  /** One line for the metric picker. */
  description: string;
  /** How the number is computed, shown under the picker. */
  computation: string;
  /** Options this metric takes. The catalog may name options a newer editor knows about. */
  options: string[];
  /** For a table: the series or numbers an alert rule should query instead. */
  alertWith?: string[];
  /** This metric's defaults of options whose default differs from the option's own. */
  defaults?: Record<string, string>;
}

/** A list a template variable can query. */
export interface CatalogVariable {
  id: string;
  label: string;
  description: string;
  resource: string;
  options: string[];
}

/** A kind of event an annotation query can mark. */
export interface CatalogAnnotation {
  id: string;
  label: string;
  description: string;
  resource: string;
  options: string[];
}

export interface Catalog {
  resources: CatalogResource[];
  groups: CatalogGroup[];
  options: Record<string, CatalogOption>;
  metrics: CatalogMetric[];
  variables: CatalogVariable[];
  annotations: CatalogAnnotation[];
}

export const catalog: Catalog = catalogJson as Catalog;

export function findMetric(id: string | undefined): CatalogMetric | undefined {
  return catalog.metrics.find((m) => m.id === id);
}

export function findAnnotation(id: string | undefined): CatalogAnnotation | undefined {
  return catalog.annotations.find((a) => a.id === id);
}

export function findVariable(id: string | undefined): CatalogVariable | undefined {
  return catalog.variables.find((v) => v.id === id);
}

export function findGroup(id: string): CatalogGroup | undefined {
  return catalog.groups.find((g) => g.id === id);
}

export function findResource(id: string): CatalogResource | undefined {
  return catalog.resources.find((r) => r.id === id);
}

/** The metric a new query starts with. */
export function defaultMetricId(): string {
  return catalog.metrics[0]?.id ?? '';
}

export interface MetricGroup {
  group: CatalogGroup;
  metrics: CatalogMetric[];
}

/** Groups in catalog order with their metrics; groups without a metric yet are left out. */
export function metricsByGroup(): MetricGroup[] {
  return catalog.groups
    .map((group) => ({ group, metrics: catalog.metrics.filter((m) => m.group === group.id) }))
    .filter((g) => g.metrics.length > 0);
}

/** Read permissions a restricted key needs for every metric of a group, in catalog order. */
export function permissionsForGroup(group: CatalogGroup): CatalogResource[] {
  return group.resources.map(findResource).filter((r): r is CatalogResource => r !== undefined);
}

/** Every permission the catalog's resources need, once each, in catalog order. */
export function allPermissions(): string[] {
  return Array.from(new Set(catalog.resources.map((r) => r.permission)));
}

export function metricTakesOption(metric: { options: string[] } | undefined, option: OptionId): boolean {
  return metric?.options.includes(option) ?? false;
}

export function optionInfo(option: OptionId): CatalogOption {
  return catalog.options[option] ?? { label: option, description: '' };
}

/** Every option id the catalog defines. */
export function optionIds(): OptionId[] {
  return Object.keys(catalog.options);
}

/** Options typed as free text: the ones a template variable may fill. */
export function textOptionIds(): OptionId[] {
  return optionIds().filter((id) => catalog.options[id].type === 'text');
}
