// uncaught_error.js: an uncaught error prints its stack on stderr, then the module traps (unreachable).
// expect-exit: 134
function parse(text) { return JSON.parse(text); }
function validate(order) {
  if (!order.items || order.items.length === 0) throw new Error("order " + order.id + " has no items");
  return order;
}
function handle(input) { return validate(parse(input)); }  // expect-js: handle calls=2
console.log("before");
console.error("about to fail");
console.log("valid", handle('{"id":1,"items":[1]}').id);
handle(JSON.parse(getWasiArgs())[1]);
console.log("never printed");
