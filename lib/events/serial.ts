/** An event serial counter: starts at 0, +1 per accepted event, wraps after the platform's max int. */
const MAX_SERIAL = 2 ** 63 - 1;

export class SerialCounter {
  private value = -1;

  next(): number {
    this.value = this.value >= MAX_SERIAL ? 0 : this.value + 1;
    return this.value;
  }
}
