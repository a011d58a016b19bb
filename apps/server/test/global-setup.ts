/**
 * Vitest global setup for the server projects: migrate ONE template database per run and per dialect;
 * each test file then gets its own copy (file copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDb } from '../src/db/dialect.js';
import { migrateToLatest } from '../src/db/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dialect: 'sqlite' | 'postgres';
    sqliteTemplate: string;
    pgBaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const dialect = project.config.env?.GR_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';
  project.provide('dialect', dialect);
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'grassroots-sqlite-'));
    const file = join(dir, 'template.db');
    const db = openDb({ sqliteFile: file });
    await migrateToLatest(db);
    await db.close();
    project.provide('sqliteTemplate', file);
    project.provide('pgBaseUrl', '');
    return () => rmSync(dir, { recursive: true, force: true });
  }
  // Loaded only for the PostgreSQL project (it installs process exit hooks; see pg-cluster.ts).
  const { startPgCluster } = await import('./pg-cluster.js');
  const cluster = await startPgCluster();
  const admin = new pg.Client({ connectionString: `${cluster.baseUrl}postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE gr_template');
  await admin.end();
  const db = openDb({ databaseUrl: `${cluster.baseUrl}gr_template`, poolSize: 2 });
  await migrateToLatest(db);
  await db.close();
  project.provide('pgBaseUrl', cluster.baseUrl);
  project.provide('sqliteTemplate', '');
  return () => cluster.stop();
}
