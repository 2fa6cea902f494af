import type postgres from 'postgres';

/**
 * The baseline: a table shaped like `resources` (same columns, same composite primary key and
 * indexes, content as text) reached with plain postgres.js statements — what a resource store
 * cannot beat, so the store's figures read as a fraction of it.
 */
export class BareResources {
  constructor(
    private readonly sql: postgres.Sql,
    private readonly practiceId: string,
  ) {}

  /** Creates `bench_bare_resources` as a copy of the shape of `resources` (foreign keys aside). */
  async create(): Promise<void> {
    await this.sql`drop table if exists bench_bare_resources`;
    await this.sql`create table bench_bare_resources (like resources including all)`;
  }

  /** Replaces the table's rows with the practice's rows of `resources`: the same rows the store reads. */
  async copyStoreRows(): Promise<number> {
    await this.sql`truncate bench_bare_resources`;
    const copied = await this.sql`
      insert into bench_bare_resources
      select * from resources where practice_id = ${this.practiceId}`;
    await this.sql`analyze bench_bare_resources`;
    return copied.count;
  }

  async drop(): Promise<void> {
    await this.sql`drop table if exists bench_bare_resources`;
  }

  /** One row by primary key, as the store's read by id fetches it. */
  read(resourceType: string, id: string) {
    return this.sql`
      select version_id, last_updated, deleted, content from bench_bare_resources
      where practice_id = ${this.practiceId} and resource_type = ${resourceType} and id = ${id}`;
  }

  /** One single-statement insert of version 1. */
  insert(resourceType: string, id: string, content: string) {
    return this.sql`
      insert into bench_bare_resources (practice_id, resource_type, id, version_id, last_updated, deleted, content)
      values (${this.practiceId}, ${resourceType}, ${id}, 1, ${new Date()}, false, ${content})`;
  }

  /** One single-statement replacement of the content, bumping the version. */
  update(resourceType: string, id: string, content: string) {
    return this.sql`
      update bench_bare_resources
      set version_id = version_id + 1, last_updated = ${new Date()}, content = ${content}
      where practice_id = ${this.practiceId} and resource_type = ${resourceType} and id = ${id}`;
  }
}
