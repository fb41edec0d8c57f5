// What TypeScript's checker cannot see in the map's scripts (static/storymap/geo.js ... storymap.js):
// the window hooks they set or read, and the properties they add to Leaflet's objects.
import "leaflet";

declare module "leaflet" {
  interface Layer {
    /** The style a step last gave a feature's layer ("highlight", "context", "timeToday"...). */
    storyRole?: string;
  }
  interface CircleMarker {
    /** A story place's key and name, on its marker (layers.js, setUpPlaces). */
    placeKey?: string;
    placeName?: string;
    /** Whether the place is one of the step's (drawn larger, named beside it). */
    isCurrent?: boolean;
    /** The name drawn beside a current place. */
    nameLabel?: Marker;
  }
  interface GeoJSONOptions {
    /** Passed on to the paths it makes (Leaflet does; its types do not say so). */
    renderer?: Renderer;
  }
  interface GeoJSON {
    /** The story layer it draws (layers.js, swipe.js). */
    layerId?: string;
    /** The roles it was last styled for; null when time restyled it. */
    signature?: string | null;
  }
}

declare global {
  interface StoryMapLibrary {
    geo: typeof StoryMapGeo;
    placement: typeof StoryMapPlacement;
    swipe: { clipRects: typeof StoryMapSwipe.clipRects };
  }
  interface Window {
    /** The map controller the player makes (storymap.js). */
    StoryMap: typeof StoryMap;
    /** The map's pure parts, for the player and for Node's tests (geo.js, swipe.js). */
    StoryMapLib: Partial<StoryMapLibrary>;
    /** How many times a page built its Leaflet map (the tests check it is built once). */
    storymapBuilds?: number;
    /** Layer requests a host started before the controller was made (the app's, while Leaflet loaded). */
    __storyLayerFetches?: Record<string, Promise<Response>>;
  }
}
