/**
 * Todo lists and items on top of a {@link SqlDriver}. One class, both dialects: the SQL below is
 * the portable subset (`?` placeholders, `RETURNING`, `ON CONFLICT DO NOTHING`).
 * @module
 */
import type { Row, SqlDriver, SqlExecutor } from './db/driver.js';

/** One todo item. Timestamps are ISO-8601 strings in UTC. */
export interface TodoItem {
  readonly id: number;
  readonly list: string;
  readonly title: string;
  readonly createdAt: string;
  /** When the item was completed; `null` while it is open. */
  readonly completedAt: string | null;
}

/** A list and how many items it has in each state. */
export interface TodoListSummary {
  readonly name: string;
  readonly open: number;
  readonly done: number;
}

/** Which items to return. */
export type TodoStatus = 'open' | 'done' | 'all';

const ITEM_COLUMNS = `i.id, l.name AS list, i.title, i.created_at, i.completed_at`;
const FROM_ITEMS = `FROM items i JOIN lists l ON l.id = i.list_id`;

const STATUS_FILTER: Record<TodoStatus, string> = {
  open: 'AND i.completed_at IS NULL',
  done: 'AND i.completed_at IS NOT NULL',
  all: '',
};

/**
 * Reads and writes todo lists. Lists are created on first use and never deleted.
 * @example
 * const store = new TodoStore(await openSqliteDriver('todo.db'));
 * const { item } = await store.add('inbox', 'Buy milk');
 */
export class TodoStore {
  constructor(
    private readonly db: SqlDriver,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Adds an item, creating the list if needed. `createdList` tells whether it was new. */
  async add(list: string, title: string): Promise<{ item: TodoItem; createdList: boolean }> {
    const timestamp = this.now().toISOString();
    return this.db.transaction(async (tx) => {
      const created = await tx.query(
        'INSERT INTO lists (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING RETURNING id',
        [list, timestamp],
      );
      const found =
        created.length > 0 ? created : await tx.query('SELECT id FROM lists WHERE name = ?', [list]);
      const [row] = await tx.query(
        'INSERT INTO items (list_id, title, created_at) VALUES (?, ?, ?) RETURNING id',
        [Number(found[0]?.id), title, timestamp],
      );
      const item = await getItem(tx, Number(row?.id));
      if (!item) throw new Error('inserted item vanished');
      return { item, createdList: created.length > 0 };
    });
  }

  /** Items of one list, oldest first; `undefined` if the list does not exist. */
  async items(list: string, status: TodoStatus = 'all'): Promise<TodoItem[] | undefined> {
    if (!(await this.hasList(list))) return undefined;
    const rows = await this.db.query(
      `SELECT ${ITEM_COLUMNS} ${FROM_ITEMS} WHERE l.name = ? ${STATUS_FILTER[status]} ORDER BY i.id`,
      [list],
    );
    return rows.map(toItem);
  }

  /** Every list with its counts, by name. */
  async lists(): Promise<TodoListSummary[]> {
    const rows = await this.db.query(
      `SELECT l.name,
              COUNT(i.id) - COUNT(i.completed_at) AS open_count,
              COUNT(i.completed_at) AS done_count
         FROM lists l LEFT JOIN items i ON i.list_id = l.id
        GROUP BY l.id, l.name
        ORDER BY l.name`,
    );
    return rows.map((r) => ({
      name: String(r.name),
      open: Number(r.open_count),
      done: Number(r.done_count),
    }));
  }

  /** Whether a list exists. */
  async hasList(list: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM lists WHERE name = ?', [list])).length > 0;
  }

  /** One item by id. */
  async get(id: number): Promise<TodoItem | undefined> {
    return getItem(this.db, id);
  }

  /**
   * Marks an item done. Completing a done item keeps its first completion time.
   * Returns `undefined` if there is no such item.
   */
  async complete(id: number): Promise<TodoItem | undefined> {
    await this.db.query('UPDATE items SET completed_at = ? WHERE id = ? AND completed_at IS NULL', [
      this.now().toISOString(),
      id,
    ]);
    return this.get(id);
  }

  /** Deletes an item and returns what it was, or `undefined` if there was no such item. */
  async delete(id: number): Promise<TodoItem | undefined> {
    return this.db.transaction(async (tx) => {
      const item = await getItem(tx, id);
      if (item) await tx.query('DELETE FROM items WHERE id = ?', [id]);
      return item;
    });
  }

  /**
   * Items whose title contains `text`, newest first. Case-insensitive; SQLite folds ASCII letters only.
   */
  async search(
    text: string,
    options: { list?: string; status?: TodoStatus; limit?: number } = {},
  ): Promise<TodoItem[]> {
    const pattern = `%${escapeLike(text.toLowerCase())}%`;
    const params: (string | number)[] = [pattern];
    let where = `WHERE LOWER(i.title) LIKE ? ESCAPE '\\' ${STATUS_FILTER[options.status ?? 'all']}`;
    if (options.list !== undefined) {
      where += ' AND l.name = ?';
      params.push(options.list);
    }
    params.push(options.limit ?? 20);
    const rows = await this.db.query(
      `SELECT ${ITEM_COLUMNS} ${FROM_ITEMS} ${where} ORDER BY i.id DESC LIMIT ?`,
      params,
    );
    return rows.map(toItem);
  }
}

async function getItem(db: SqlExecutor, id: number): Promise<TodoItem | undefined> {
  const [row] = await db.query(`SELECT ${ITEM_COLUMNS} ${FROM_ITEMS} WHERE i.id = ?`, [id]);
  return row ? toItem(row) : undefined;
}

/** `%`, `_` and `\` in user text match literally. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Rows differ by dialect: PostgreSQL returns `Date`s, SQLite the ISO text we stored. */
function toItem(row: Row): TodoItem {
  return {
    id: Number(row.id),
    list: String(row.list),
    title: String(row.title),
    createdAt: toIso(row.created_at),
    completedAt: row.completed_at === null || row.completed_at === undefined ? null : toIso(row.completed_at),
  };
}

function toIso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}
