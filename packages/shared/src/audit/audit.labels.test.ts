import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditActionLabels, auditEntityLabels, auditLabel } from './audit.labels.js';

const serverSrc = join(import.meta.dirname, '../../../../apps/server/src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/**
 * The codes the server writes: quoted `a.b` literals on lines that set an audit `action:` (also
 * `cond ? 'x.y' : 'x.z'`) or call an `audit(` helper, and the `entityType: '…'` literals.
 */
function written() {
  const actions = new Set<string>();
  const entities = new Set<string>();
  for (const file of sourceFiles(serverSrc)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (/\baction:|\baudit\(/.test(line)) {
        for (const m of line.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) actions.add(m[1] as string);
      }
      for (const m of line.matchAll(/entityType: '([a-z_]+)'/g)) entities.add(m[1] as string);
    }
  }
  return { actions: [...actions].sort(), entities: [...entities].sort() };
}

describe('audit labels', () => {
  const { actions, entities } = written();

  it('finds the actions in the server source', () => {
    // Guards the scan itself: if these vanish the pattern above no longer matches the code.
    expect(actions).toEqual(expect.arrayContaining(['auth.login', 'resident_link.confirmed', 'demo.loaded']));
    expect(actions).toEqual(expect.arrayContaining(['account.password_reset', 'org.disabled', 'area.boundary_set']));
    expect(entities).toEqual(expect.arrayContaining(['account', 'resident_link', 'system']));
  });

  it('has a zh and en label for every action the server writes', () => {
    expect(actions.filter((a) => !auditLabel(auditActionLabels, a))).toEqual([]);
    for (const a of actions) {
      expect(auditActionLabels[a]?.['zh-CN']).toMatch(/\S/);
      expect(auditActionLabels[a]?.en).toMatch(/\S/);
    }
  });

  it('has a label for every entity type the server writes', () => {
    expect(entities.filter((e) => !auditLabel(auditEntityLabels, e))).toEqual([]);
  });

  it('returns null for unknown codes (shown raw) and ignores inherited keys', () => {
    expect(auditLabel(auditActionLabels, 'nope.never')).toBeNull();
    expect(auditLabel(auditEntityLabels, 'constructor')).toBeNull();
    expect(auditLabel(auditActionLabels, 'demo.loaded')).toEqual({ 'zh-CN': '载入演示数据', en: 'Demo data loaded' });
  });
});
