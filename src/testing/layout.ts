/**
 * jsdom lays nothing out: every element measures 0×0, so Grafana's virtualised option lists
 * (Combobox) render no rows, and canvas has no text metrics, which Combobox uses to size its
 * input; Grafana's menus also watch their own visibility with IntersectionObserver, which jsdom
 * lacks. This gives elements a fixed size (a menu then renders a screenful of options, as in a
 * browser), text a plausible width, and an observer that never reports.
 */
const HEIGHT = 800;
const WIDTH = 600;

export function fakeBrowserLayout() {
  const sizeProperties = ['clientHeight', 'offsetHeight', 'clientWidth', 'offsetWidth'] as const;
  const saved = sizeProperties.map((p) => [p, findDescriptor(HTMLElement.prototype, p)] as const);
  const originalRect = Element.prototype.getBoundingClientRect;
  const originalGetContext = HTMLCanvasElement.prototype.getContext;

  beforeAll(() => {
    for (const property of sizeProperties) {
      Object.defineProperty(HTMLElement.prototype, property, {
        configurable: true,
        get: () => (property.endsWith('Height') ? HEIGHT : WIDTH),
      });
    }
    Element.prototype.getBoundingClientRect = () =>
      ({
        x: 0,
        y: 0,
        top: 0,
        left: 0,
        bottom: HEIGHT,
        right: WIDTH,
        width: WIDTH,
        height: HEIGHT,
        toJSON: () => ({}),
      }) as DOMRect;
    HTMLCanvasElement.prototype.getContext = (() => ({
      measureText: (text: string) => ({ width: text.length * 8 }),
    })) as unknown as typeof HTMLCanvasElement.prototype.getContext;
    global.IntersectionObserver = class {
      observe() {}
      unobserve() {}
      disconnect() {}
      takeRecords() {
        return [];
      }
    } as unknown as typeof IntersectionObserver;
  });

  afterAll(() => {
    for (const [property, descriptor] of saved) {
      if (descriptor) {
        Object.defineProperty(HTMLElement.prototype, property, descriptor);
      }
    }
    Element.prototype.getBoundingClientRect = originalRect;
    HTMLCanvasElement.prototype.getContext = originalGetContext;
  });
}

// jsdom defines some of these getters on Element.prototype, others on HTMLElement.prototype.
function findDescriptor(start: object, property: string): PropertyDescriptor | undefined {
  for (let proto: object | null = start; proto; proto = Object.getPrototypeOf(proto)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, property);
    if (descriptor) {
      return descriptor;
    }
  }
  return undefined;
}
