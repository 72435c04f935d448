// classes.js: classes with getters/setters, static members, private fields, inheritance and super.
// expect-exit: 0
class Shape {
  static count = 0;
  #id;
  constructor(name) { this.name = name; this.#id = ++Shape.count; }
  get id() { return this.#id; }  // expect-js: get id
  area() { return 0; }
  describe() { return `${this.name}#${this.id} area=${this.area().toFixed(2)}`; }  // expect-js: describe
  static create(kind, ...a) { return kind === "circle" ? new Circle(...a) : new Rect(...a); }  // expect-js: create
}

class Rect extends Shape {
  constructor(w, h) { super("rect"); this.w = w; this.h = h; }
  area() { return this.w * this.h; }  // expect-js: area
  set width(v) { this.w = v; }
}

class Square extends Rect {
  constructor(s) { super(s, s); this.name = "square"; }
  describe() { return "[" + super.describe() + "]"; }  // expect-js: describe
}

class Circle extends Shape {
  constructor(r) { super("circle"); this.r = r; }
  area() { return Math.PI * this.r * this.r; }  // expect-js: area
}

const dims = JSON.parse(JSON.parse(getWasiArgs())[1]);
const shapes = [Shape.create("rect", dims[0], dims[1]), Shape.create("circle", dims[2]), new Square(dims[3])];
shapes[0].width = dims[0] + 1;
for (const s of shapes) console.log(s.describe());
console.log("count", Shape.count);
console.log("instanceof", shapes[2] instanceof Rect, shapes[2] instanceof Shape, shapes[1] instanceof Rect);
console.log("proto chain", Object.getPrototypeOf(Square.prototype) === Rect.prototype);
