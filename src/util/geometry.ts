// The one geometric shape the layout hands to every renderer (chart planners too).

/** A rectangle in inches from the slide's top-left corner. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}
