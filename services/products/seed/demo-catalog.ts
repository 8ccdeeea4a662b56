import { createHash } from 'node:crypto';
import type { ProductRecord } from '../src/domain/product.ts';
import { summaryOf, variantIdOf } from '../src/domain/variants.ts';

// [name, description, price in cents, stock] per category: the demo shop's shelves.
const shelves: Record<string, Array<[string, string, number, number]>> = {
  books: [
    ['The Pragmatic Serverless', 'Field notes on running shops on functions and queues.', 3499, 40],
    ['Designing Event Flows', 'How services talk in past-tense facts.', 4299, 25],
    ['DynamoDB by Example', 'Access patterns first, tables second.', 3899, 30],
    ['The Idempotent Cook', 'Recipes that come out the same however often you make them.', 2499, 60],
    ['Queues at Sea', 'A sailing novel about messages that never get lost.', 1599, 80],
    ['A Field Guide to Cold Starts', 'Why the first request is slow, and what to do.', 2899, 35],
    ['Strongly Typed Stories', 'Short fiction for TypeScript readers.', 1299, 90],
    ['The Dead-Letter Office', 'A mystery set in a post office of returned letters.', 1899, 45],
    ['Cloud Costs Explained', 'Paying for what you use, and knowing what that is.', 3199, 20],
    ['Graph Paper Notebook', 'A5, 120 pages of 5 mm squares.', 899, 150],
  ],
  electronics: [
    ['Noise-Cancelling Headphones', 'Over-ear, 30 hours of battery, USB-C.', 19999, 15],
    ['Mechanical Keyboard', 'Tenkeyless, hot-swap switches, white backlight.', 12999, 20],
    ['Wireless Mouse', 'Quiet clicks, two-year battery.', 2999, 70],
    ['USB-C Hub', 'Seven ports: HDMI, Ethernet, card reader and more.', 4999, 55],
    ['27-inch Monitor', '1440p IPS panel with a height-adjustable stand.', 27999, 10],
    ['Portable SSD 1 TB', 'Pocket-sized and shock-resistant.', 8999, 40],
    ['Webcam 1080p', 'Auto-focus with a privacy shutter.', 5999, 35],
    ['Smart Speaker', 'Room-filling sound, with voice control that can be switched off.', 7999, 25],
    ['E-Reader', 'Glare-free screen and weeks of battery.', 11999, 18],
    ['Charging Cable Set', 'Three braided USB-C cables, 1 m, 2 m and 3 m.', 1999, 120],
  ],
  'home-and-kitchen': [
    ['Chef Knife', '20 cm forged steel blade.', 6999, 30],
    ['Cast Iron Skillet', 'Pre-seasoned, 26 cm.', 3999, 40],
    ['Pour-Over Coffee Set', 'Dripper, carafe and 100 filters.', 3499, 50],
    ['Linen Tea Towels', 'Set of three, stonewashed.', 1899, 75],
    ['Bamboo Cutting Board', 'Large, with a juice groove.', 2499, 60],
    ['Glass Storage Jars', 'Six airtight jars in three sizes.', 2999, 45],
    ['Electric Kettle', '1.7 l with temperature control.', 5499, 25],
    ['Ceramic Mug', 'Hand-glazed, 350 ml.', 1499, 100],
    ['Stand Mixer', 'Five litre bowl and three attachments.', 29999, 8],
    ['Herb Planter', 'Self-watering, for a sunny windowsill.', 2799, 35],
  ],
  'sports-and-outdoors': [
    ['Trail Running Shoes', 'Grippy soles for wet rock and mud.', 11999, 30],
    ['Yoga Mat', '6 mm, non-slip, with a carry strap.', 3499, 60],
    ['Insulated Water Bottle', 'Keeps drinks cold for 24 hours, 750 ml.', 2999, 90],
    ['Daypack 25 l', 'Light, with a rain cover.', 6999, 25],
    ['Camping Headlamp', '400 lumens, rechargeable.', 3999, 45],
    ['Resistance Bands', 'Set of five strengths.', 1999, 80],
    ['Two-Person Tent', 'Three-season, 2.1 kg.', 19999, 12],
    ['Cycling Gloves', 'Padded palms, touchscreen fingertips.', 2499, 50],
    ['Foam Roller', 'Firm, 45 cm.', 2299, 40],
    ['Trekking Poles', 'Carbon, folding, pair.', 8999, 20],
  ],
  toys: [
    ['Wooden Train Set', '52 pieces of track, bridges and trains.', 5999, 25],
    ['Building Blocks Tub', '500 colourful bricks.', 3999, 40],
    ['Puzzle 1000 Pieces', 'A harbour at dusk.', 1999, 55],
    ['Plush Octopus', 'Soft and reversible: happy or grumpy.', 1499, 85],
    ['Kite', 'Easy-flying delta kite with 50 m line.', 2499, 30],
    ['Marble Run', 'Build-your-own, 80 pieces.', 4499, 20],
    ['Board Game: Supply Chain', 'Two to four players keep a shop stocked.', 3499, 35],
    ['Science Kit', 'Twenty experiments with crystals and magnets.', 2999, 30],
    ['Wooden Yo-Yo', 'Classic, hand-painted.', 699, 200],
    ['Remote Control Car', 'All-terrain, rechargeable.', 4999, 15],
  ],
  garden: [
    ['Pruning Shears', 'Bypass blade for clean cuts.', 2499, 45],
    ['Watering Can', 'Galvanised steel, 9 l.', 3499, 30],
    ['Seed Starter Kit', 'Tray, dome and 40 cells.', 1999, 60],
    ['Garden Kneeler', 'Flips into a seat.', 3999, 20],
    ['Compost Bin', '300 l, with a hatch at the bottom.', 5999, 12],
    ['Solar Lanterns', 'Set of four, warm light.', 2999, 40],
  ],
};

/**
 * The second seeded store's own catalog (`berlin`: EUR, DE, prices with tax included), in euro cents.
 * Two products share a name (and category) with main's: they are other products, with their own ids,
 * prices and stock (issue 15: "same product name ... fully independent").
 */
const berlinShelves: Record<string, Array<[string, string, number, number]>> = {
  'home-and-kitchen': [
    ['Chef Knife', 'Geschmiedete Klinge, 20 cm, aus Solingen.', 8990, 20],
    ['Ceramic Mug', 'Handglasiert in Brandenburg, 300 ml.', 1690, 60],
    ['Kaffeemühle', 'Handmühle mit Keramikmahlwerk.', 4490, 25],
    ['Brotkasten', 'Aus Eichenholz, mit Schneidebrett als Deckel.', 5990, 15],
    ['Emaille-Topf', 'Drei Liter, für Induktion geeignet.', 3990, 30],
    ['Spätzlehobel', 'Edelstahl, passt auf jeden Topf.', 1990, 40],
  ],
  buecher: [
    ['Berlin zu Fuß', 'Zwölf Spaziergänge durch die Kieze.', 1800, 50],
    ['Das Ereignisbuch', 'Wie Dienste in Tatsachen miteinander sprechen.', 3900, 20],
    ['Kochen mit Kartoffeln', 'Hundert Rezepte von Knödel bis Puffer.', 2400, 35],
    ['Notizbuch Punktraster', 'A5, 160 Seiten, fadengeheftet.', 1290, 120],
  ],
  garten: [
    ['Gartenschere', 'Amboss-Schere für trockenes Holz.', 2990, 30],
    ['Kräuterspirale', 'Bausatz aus Lärche, 1 m Durchmesser.', 8900, 8],
    ['Gießkanne Zink', 'Zehn Liter, verzinkter Stahl.', 3990, 18],
    ['Vogelhaus', 'Aus unbehandelter Kiefer, zum Aufhängen.', 2490, 25],
  ],
  'sports-and-outdoors': [
    ['Fahrradschloss', 'Faltschloss, 90 cm, Sicherheitsstufe 10.', 6990, 22],
    ['Wanderrucksack 30 l', 'Mit Regenhülle und Rückenbelüftung.', 8490, 14],
    ['Thermoskanne', 'Ein Liter, hält 24 Stunden warm.', 2990, 45],
    ['Schwimmbrille', 'Beschlagfrei, mit UV-Schutz.', 1490, 50],
  ],
  spielzeug: [
    ['Holzeisenbahn Starter-Set', 'Vierzig Teile aus Buchenholz.', 4990, 20],
    ['Brettspiel: Späti', 'Zwei bis fünf Spieler führen einen Kiosk.', 2990, 30],
    ['Kreisel', 'Handbemalt, aus dem Erzgebirge.', 890, 100],
  ],
};

/**
 * Clothing with options, per store: [name, description, options, the variants as [options, price, stock]].
 * A SKU is made from the product's code and the option values (`TEE-M-BLUE`).
 */
type VariantShelfItem = [
  string,
  string,
  string,
  Array<{ name: string; values: string[] }>,
  Array<[Record<string, string>, number, number]>,
];

const sizesAndColours = (
  sizes: string[],
  colours: string[],
  price: (size: string) => number,
  stock: number,
) =>
  sizes.flatMap((size) =>
    colours.map((colour): [Record<string, string>, number, number] => [
      { Size: size, Colour: colour },
      price(size),
      // The largest size of the last colour is sold out, so a shopper meets a disabled combination.
      size === sizes.at(-1) && colour === colours.at(-1) ? 0 : stock,
    ]),
  );

const clothing: VariantShelfItem[] = [
  [
    'Organic Cotton T-shirt',
    'Soft, heavy jersey in three sizes and two colours.',
    'TEE',
    [
      { name: 'Size', values: ['S', 'M', 'L'] },
      { name: 'Colour', values: ['Blue', 'Black'] },
    ],
    sizesAndColours(['S', 'M', 'L'], ['Blue', 'Black'], (size) => (size === 'L' ? 2199 : 1999), 12),
  ],
  [
    'Zip Hoodie',
    'Brushed fleece inside, a zip to the collar.',
    'HOODIE',
    [
      { name: 'Size', values: ['S', 'M', 'L', 'XL'] },
      { name: 'Colour', values: ['Grey'] },
    ],
    sizesAndColours(['S', 'M', 'L', 'XL'], ['Grey'], (size) => (size === 'XL' ? 5499 : 4999), 8),
  ],
  [
    'Running Socks',
    'Cushioned soles, two pairs a pack.',
    'SOCKS',
    [{ name: 'Size', values: ['36-39', '40-43', '44-47'] }],
    [
      [{ Size: '36-39' }, 1299, 30],
      [{ Size: '40-43' }, 1299, 40],
      [{ Size: '44-47' }, 1399, 20],
    ],
  ],
];

const berlinClothing: VariantShelfItem[] = [
  [
    'Baumwoll-T-Shirt',
    'Schwerer Bio-Jersey in drei Größen und zwei Farben.',
    'SHIRT',
    [
      { name: 'Size', values: ['S', 'M', 'L'] },
      { name: 'Colour', values: ['Blau', 'Schwarz'] },
    ],
    sizesAndColours(['S', 'M', 'L'], ['Blau', 'Schwarz'], () => 1990, 10),
  ],
];

/** The main store's currency, and `berlin`'s (the stores service seeds the stores themselves). */
const SEEDED_CURRENCIES = { main: 'USD', berlin: 'EUR' } as const;
type SeededStore = keyof typeof SEEDED_CURRENCIES;

/** A seeded product's id: stable across runs; main's are those of before stores (no store in the hash). */
const seededId = (storeId: SeededStore, category: string, name: string) => {
  const seed = storeId === 'main' ? `${category}/${name}` : `${storeId}/${category}/${name}`;
  return `p-${createHash('sha256').update(seed).digest('hex').slice(0, 16)}`;
};

/** The clothing shelf of a store: products with options, each variant its SKU, price and stock. */
function clothingOf(storeId: SeededStore, items: VariantShelfItem[], now: string): ProductRecord[] {
  return items.map(([name, description, code, options, sold]) => {
    const productId = seededId(storeId, 'clothing', name);
    const variants = sold.map(([values, price, stock], index) => ({
      variantId: variantIdOf(productId, index + 1),
      sku: [code, ...options.map((option) => values[option.name])].join('-').toUpperCase(),
      options: values,
      price,
      stock,
    }));
    return {
      productId,
      storeId,
      name,
      description,
      category: 'clothing',
      ...summaryOf(variants),
      currency: SEEDED_CURRENCIES[storeId],
      options,
      variants,
      createdAt: now,
      updatedAt: now,
    };
  });
}

function productsOf(
  storeId: SeededStore,
  from: Record<string, Array<[string, string, number, number]>>,
  now: string,
): ProductRecord[] {
  return Object.entries(from).flatMap(([category, items]) =>
    items.map(([name, description, price, stock]) => {
      return {
        productId: seededId(storeId, category, name),
        storeId,
        name,
        description,
        category,
        price,
        currency: SEEDED_CURRENCIES[storeId],
        stock,
        createdAt: now,
        updatedAt: now,
      };
    }),
  );
}

/**
 * The demo catalog of the main store: 56 products on six shelves, then 3 with sizes (and colours) on
 * a clothing shelf, with ids stable across runs.
 */
export function demoCatalog(now: string = new Date().toISOString()): ProductRecord[] {
  return [...productsOf('main', shelves, now), ...clothingOf('main', clothing, now)];
}

/** The `berlin` store's catalog: 25 products on five shelves in euro and a T-shirt in sizes and colours. */
export function berlinCatalog(now: string = new Date().toISOString()): ProductRecord[] {
  return [...productsOf('berlin', berlinShelves, now), ...clothingOf('berlin', berlinClothing, now)];
}
