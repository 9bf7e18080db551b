/**
 * Is a query served by an index (on MongoDB)? The equality–sort–range rule, in the form the index
 * test (tests/integration/tasks-indexes.test.ts) checks every hot query against the indexes the
 * models declare:
 *
 * - the index starts with equality fields of the query (at least one, when the query has any),
 * - then come the sort keys (all in the sort's directions or all reversed), leaving out sort keys the
 *   query fixes by equality,
 * - a query without a sort has its range field right after the equality fields (or no range at all);
 * - a query with a top-level `$or` (or several) is served when one of them has every branch served
 *   together with the rest of the query (MongoDB plans each branch on its own index and merges them);
 * - a query with no predicate but ranges on its sort keys is served by an index on the sort (the
 *   centre's whole street: it reads the newest and stops at the page); with no sort, a range alone
 *   is served by an index that starts with its field.
 *
 * `$elemMatch` is read as its conditions on paths into the array.
 * `$in` counts as equality: MongoDB turns a short `$in` into point scans merged in sort order.
 * `$ne`, `$nin`, `$size`, `$regex`, `$exists` are filters applied to what the index scan returns.
 */

export type IndexKeys = Array<[string, 1 | -1]>
type Filter = Record<string, unknown>

interface Shape {
  equality: Set<string>
  range: Set<string>
  ors: Filter[][]
  /** predicates that are neither (they filter what the scan returns) */
  residual: number
}

const RANGE_OPS = new Set(['$gt', '$gte', '$lt', '$lte'])

/** The top-level conjuncts of a filter, `$and` flattened. */
function conjuncts(filter: Filter): Filter[] {
  const out: Filter[] = []
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and') for (const f of v as Filter[]) out.push(...conjuncts(f))
    else if (v && typeof v === 'object' && '$elemMatch' in v) {
      // one element matching all: its fields as paths into the array (a multikey index on them serves it)
      for (const c of conjuncts((v as { $elemMatch: Filter }).$elemMatch)) for (const [f, cond] of Object.entries(c)) out.push({ [`${k}.${f}`]: cond })
    } else out.push({ [k]: v })
  }
  return out
}

function shapeOf(parts: Filter[]): Shape {
  const shape: Shape = { equality: new Set(), range: new Set(), ors: [], residual: 0 }
  for (const part of parts) {
    const [[k, v]] = Object.entries(part)
    if (k === '$or') {
      shape.ors.push(v as Filter[])
      continue
    }
    if (k.startsWith('$')) {
      shape.residual++
      continue
    }
    const isOperatorObject = v !== null && typeof v === 'object' && !(v instanceof Date) && !Array.isArray(v) && Object.keys(v).every((o) => o.startsWith('$'))
    if (!isOperatorObject) {
      shape.equality.add(k)
      continue
    }
    const ops = Object.keys(v as object)
    if (ops.some((o) => o === '$eq' || o === '$in')) shape.equality.add(k)
    else if (ops.every((o) => RANGE_OPS.has(o))) shape.range.add(k)
    else shape.residual++
  }
  return shape
}

function indexFits(index: IndexKeys, shape: Shape, sort: IndexKeys): boolean {
  let i = 0
  while (i < index.length && shape.equality.has(index[i][0])) i++
  if (shape.equality.size > 0 && i === 0) return false
  const wanted = sort.filter(([f]) => !shape.equality.has(f))
  if (wanted.length) {
    const next = index.slice(i, i + wanted.length)
    if (next.length < wanted.length || next.some(([f], j) => f !== wanted[j][0])) return false
    const same = next.every(([, d], j) => d === wanted[j][1])
    const reversed = next.every(([, d], j) => d === -wanted[j][1])
    return same || reversed
  }
  if (shape.range.size) return i < index.length && shape.range.has(index[i][0])
  return i > 0
}

/** `{f: {$in: []}}` matches nothing: the server answers without reading (a view the user has no part in). */
const matchesNothing = (parts: Filter[]) =>
  parts.some((p) => Object.values(p).some((v) => Array.isArray((v as { $in?: unknown })?.$in) && (v as { $in: unknown[] }).$in.length === 0))

/** Does one of `indexes` (plus the implicit `_id` index) serve `filter` sorted by `sort`? */
export function isServed(filter: Filter, sort: IndexKeys, indexes: IndexKeys[], depth = 0): boolean {
  const parts = conjuncts(filter)
  if (matchesNothing(parts)) return true
  const shape = shapeOf(parts)
  const all: IndexKeys[] = [[['_id', 1]], ...indexes]
  // no equality field: only "everything, in the sort's order" (ranges on sort keys, e.g. a cursor) reads no more than it returns
  const everything = shape.ors.length === 0 && shape.residual === 0 && [...shape.range].every((f) => sort.length === 0 || sort.some(([s]) => s === f))
  const direct = shape.equality.size > 0 || everything
  if (direct && all.some((ix) => indexFits(ix, shape, sort))) return true
  if (depth > 3) return false
  for (const or of shape.ors) {
    const rest = parts.filter((p) => p.$or !== or)
    if (or.every((branch) => isServed({ $and: [...rest, branch] }, sort, indexes, depth + 1))) return true
  }
  return false
}

/** The indexes a mongoose schema declares, as key lists. */
export function declaredIndexes(schema: { indexes(): Array<[Record<string, unknown>, unknown]> }): IndexKeys[] {
  return schema.indexes().map(([keys]) => Object.entries(keys).map(([f, d]) => [f, d === -1 ? -1 : 1] as [string, 1 | -1]))
}

/**
 * Weaker: the index delivers the sort after the query's equality fields, so the server reads in order
 * and stops at the page instead of sorting everything — for filters no index can select by (a search
 * by regular expression, a range on a field other than the sort).
 */
export function isSortServed(filter: Filter, sort: IndexKeys, indexes: IndexKeys[]): boolean {
  const parts = conjuncts(filter)
  if (matchesNothing(parts)) return true
  const shape = shapeOf(parts)
  const loose: Shape = { ...shape, range: new Set() }
  return [[['_id', 1]] as IndexKeys, ...indexes].some((ix) => indexFits(ix, loose, sort))
}
