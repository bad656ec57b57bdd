// Keyset paging as the table walks it: the server hands out a cursor for the page after each
// one; going back needs the cursors of the pages before, kept here as a stack.

export class CursorPager {
  constructor() {
    this.reset();
  }

  /** Back to the first page (new filters, a new order). */
  reset() {
    this.stack = [null]; // the cursor that asks for each page walked so far; the first has none
    this.following = null; // the cursor of the page after the current one, once it is known
  }

  /** The cursor of the current page (null on the first). */
  get cursor() {
    return this.stack[this.stack.length - 1];
  }

  /** 0 on the first page. */
  get index() {
    return this.stack.length - 1;
  }

  hasPrevious() {
    return this.stack.length > 1;
  }

  hasNext() {
    return Boolean(this.following);
  }

  /** The server's answer for the current page said where the next one starts (null: last page). */
  received(cursor) {
    this.following = cursor || null;
  }

  /** Step to the next page; false when there is none. */
  forward() {
    if (!this.following) return false;
    this.stack.push(this.following);
    this.following = null;
    return true;
  }

  /** Step back to the previous page; false on the first. */
  back() {
    if (this.stack.length <= 1) return false;
    this.stack.pop();
    this.following = null;
    return true;
  }
}
