// The contract between Python and the browser scripts, made from story/contract.py by
// `python -m story contract` (story/typescript.py): edit the Python, not this file.

export type Role = "context" | "highlight";

/** A camera at a point: `center` is [lat, lon]. */
export interface CenterView {
  center: number[];
  zoom: number;
}

/** A camera fitted in the browser to [[south, west], [north, east]], never closer than `maxZoom`. */
export interface BoundsView {
  bounds: number[][];
  maxZoom: number;
}

export type View = CenterView | BoundsView;

/** A layer the step shows, in its role, with the features it highlights. */
export interface LayerState {
  id: string;
  role: Role;
  highlight: string[];
}

/** A step's slider over days: the days (ISO), each in the reader's words, and the one it opens on. */
export interface TimeState {
  days: string[];
  labels: string[];
  start: number;
}

/** A step's two days side by side: the days (ISO) left and right of the handle, in the reader's words. */
export interface SwipeState {
  days: string[];
  labels: string[];
}

/** What the map shows on one step. */
export interface StepState {
  step: string;
  index: number;
  alt: string;
  view: View;
  layers: LayerState[];
  /** keys of the places that are current on this step */
  places: string[];
  /** the step's layers show what was so on the day the slider shows */
  time?: TimeState;
  /** or on two days, side by side */
  swipe?: SwipeState;
}

/** A place of the story, marked on the map on every step. */
export interface PlaceMarker {
  key: string;
  name: string;
  lat: number;
  lon: number;
}

/** The map's own words, in the reader's language. */
export interface MapLabels {
  back: string;
  offline: string;
  /** the notice on a small map */
  offlineShort: string;
  dismiss: string;
  zoomIn: string;
  zoomOut: string;
  attribution: string;
  /** a swipe's handle */
  swipe: string;
  /** "{left} on the left, {right} on the right" */
  swipeValue: string;
}

/** An online basemap chosen by the story's host (`--tiles NAME`); None everywhere means no tiles. */
export interface TileConfig {
  name: string;
  url: string;
  /** HTML, from the xyzservices catalogue (not authored) */
  attribution: string;
  /** the same as plain text, for the credits */
  attributionText: string;
  maxZoom: number;
  subdomains: string;
}

/** Everything the map needs once per page and language. */
export interface MapConfig {
  basemap: string | null;
  geodataUrl: string;
  language: string;
  tiles: TileConfig | null;
  dataAttribution: string;
  labels: MapLabels;
  places: PlaceMarker[];
  /** The export carries its layers inside the page; the app's player fetches them. */
  inlineLayers?: Record<string, unknown>;
  /** The publishers of the fetched layers' reports as the translation writes them (the export's own layers are translated already). */
  publishers?: Record<string, string>;
}

/** The folium-built base map: the element id it draws into and the script that builds it. */
export interface MapScript {
  id: string;
  script: string;
}

/** One step: its narrative as HTML (the sections, sanitized) and what the map shows. */
export interface PlayerStep {
  id: string;
  title: string;
  date: string;
  html: string;
  state: StepState;
}

/** The player's own words, in the reader's language. */
export interface PlayerTexts {
  story: string;
  navigation: string;
  previous: string;
  next: string;
  /** "Step {number} of {total}" */
  counter: string;
  jump: string;
  timeline: string;
  map: string;
  reduceMotion: string;
  reduceMotionHelp: string;
  /** the slider's name */
  time: string;
  play: string;
  pause: string;
  /** "Places with reports on this day: {today} ... So far: {count} ..." */
  timeShown: string;
  /** "Places with reports on this day: {count}" */
  timeToday: string;
  timeNone: string;
  /** a dated feature's kind, as the reader reads it */
  kinds: Record<string, string>;
  disputed: string;
  timeDisputed: string;
  autoplayStart: string;
  autoplayPause: string;
  /** "... every {seconds} seconds" */
  autoplayPlaying: string;
  autoplayPaused: string;
  /** a phone's button: "Show {day}" */
  swipeShow: string;
  /** "There is no lesson “{lesson}” in this story; ..." */
  lessonUnknown: string;
  /** "Step “{step}” is not in the lesson “{lesson}”; ..." */
  stepNotInLesson: string;
  /** "Lesson: {lesson}" */
  lessonShown: string;
}

/** A step on the timeline, at its place between the story's first and last date (0 to 1). */
export interface TimelinePoint {
  stepId: string;
  title: string;
  date: string;
  position: number;
}

/** A year of the story, written under the strip at its first date. */
export interface TimelineYear {
  position: number;
  year: number;
  /** how many steps start in it: a narrow strip shows the years with most steps */
  steps: number;
}

/** The strip under the narrative: ordered by date, broken between eras (`story/reader/timeline.py`). */
export interface TimelineData {
  /** the year of the story's first date */
  firstYear: number;
  /** the year of its last */
  lastYear: number;
  points: TimelinePoint[];
  years: TimelineYear[];
  /** where the strip is broken between two eras (0 to 1) */
  breaks: number[];
}

/** A lesson of the story (`lessons:`): the player plays only its steps when the address names it. */
export interface LessonData {
  id: string;
  title: string;
  /** its steps' ids, in the story's order */
  steps: string[];
  minutes: number | null;
  /** the strip of its steps alone */
  timeline: TimelineData;
  /** the self-checks of its steps */
  checkCount: number;
  /** Its first step as the lesson opens it, with the story's content note, when that step is not the story's first (which holds the note); else None. */
  openingHtml: string | null;
}

/** What a host adds to the story's data for its page (the story's part is the same on every page). */
export interface HostFields {
  /** the step to open on when the address names none */
  start?: string;
  /** said above the story when it opens (an address that named no step of it) */
  notice?: string | null;
  /** the export's own choice; the address's ?mode= wins */
  mode?: "click" | "scroll";
  /** query parameters the page drops from its address once read */
  removeFromAddress?: string[];
}

/** Everything the player gets, once per page and language: the story's part and its host's. */
export interface PlayerData extends HostFields {
  story: string;
  language: string;
  texts: PlayerTexts;
  steps: PlayerStep[];
  timeline: TimelineData;
  /** a place's key: the steps it is current on */
  placeSteps: Record<string, number[]>;
  /** self-checks in the whole story (a learning platform's score is out of them) */
  checkCount: number;
  /** ?lesson=<id> (#lesson=<id> in the export) plays one of them */
  lessons: LessonData[];
  /** a key of the keyboard: what it does ("next", "previous", "first", "last") */
  keys: Record<string, string>;
  map: MapScript;
  mapConfig: MapConfig;
}

/** The light page's own words (`/view`, the export's page served by the app); `{code}` is the page's. */
export interface LightTexts {
  /** the link to the full app */
  open: string;
  following: string;
  exploring: string;
  again: string;
  down: string;
  ended: string;
  unknown: string;
  limited: string;
}

/** What the light page's host gets beside the player's data. */
export interface LightPageData {
  /** the story's languages: a presenter's other language loads the page in it */
  languages: string[];
  texts: LightTexts;
}

/** A choice check's element (`.sm-check`): the right answer and what to say. */
export interface ChoiceCheckAttributes {
  "data-kind": "choice";
  /** the check's place in its step: the key of its result is "<step id>:<index>" */
  "data-index": string;
  /** the right choice's number, as the radio buttons' values count */
  "data-answer": string;
  "data-right": string;
  "data-wrong": string;
  /** said when no choice is made */
  "data-empty": string;
}

/** A find check's element (`.sm-check`): what to say; where the answer is, beside. */
export interface FindCheckAttributes {
  "data-kind": "find";
  "data-index": string;
  /** "... {km} km from {name}" */
  "data-right": string;
  /** an answer inside the feature */
  "data-inside": string;
  "data-wrong": string;
  /** while the map waits for a click */
  "data-waiting": string;
  "data-empty": string;
}

/** Where a find check's answer is, on the same element as its `FindCheckAttributes`. */
export interface FindTargetAttributes {
  "data-target-name": string;
  /** a place: its position, 5 decimals */
  "data-target-lat"?: string;
  "data-target-lon"?: string;
  /** or a layer's feature */
  "data-target-layer"?: string;
  "data-target-feature"?: string;
  /** an answer this near counts as right */
  "data-target-km": string;
}

/** A "Which day?" check's element (`.sm-check`): answered with the step's slider's day. */
export interface DayCheckAttributes {
  "data-kind": "day";
  "data-index": string;
  /** the right day, ISO (2022-01-04) */
  "data-answer": string;
  /** how many days either side also count, a whole number */
  "data-within": string;
  /** "... {day}": the day the slider shows, in the reader's words */
  "data-right": string;
  /** "... {day} ..." and the right day, already in words */
  "data-wrong": string;
}

/** An order check's element (`.sm-check`): its events are `li[data-item]`, each numbered by its place in the right order, shown in another. */
export interface OrderCheckAttributes {
  "data-kind": "order";
  "data-index": string;
  "data-right": string;
  /** with the right order, already in words */
  "data-wrong": string;
  /** said after a move: "{item}: {position} of {count}" */
  "data-moved": string;
}

/** A check's element carries one of these; a find check's, its target's too. */
export type CheckAttributes = ChoiceCheckAttributes | FindCheckAttributes | DayCheckAttributes | OrderCheckAttributes;

/** A find check's list of the step's places: each `<option>`'s position, 5 decimals. */
export interface PlaceChoiceAttributes {
  "data-lat": string;
  "data-lon": string;
}

/** `story:step`: the step shown changed. */
export interface StepEventDetail {
  step: string;
  index: number;
  total: number;
  /** the reader's own press, key or click (a follower's player is also moved for them) */
  byViewer: boolean;
}

/** `story:check`: a self-check was answered; the first answer to each check counts. */
export interface CheckEventDetail {
  /** "<step id>:<check index>" */
  key: string;
  right: boolean;
  answered: number;
  correct: number;
  /** the story's self-checks (`checkCount`) */
  total: number;
  /** what was answered: the choice's number from 0, "lat,lon" of the place found, the day */
  answer: string;
}

/** The player's events by name, each with its `detail`. */
export interface StoryEvents {
  "story:step": StepEventDetail;
  "story:check": CheckEventDetail;
}

/** What a host gives the player beside the data (`StoryPlayer.mount(root, data, host)`). */
export interface PlayerHost {
  /** the step the address names */
  readStep?: () => string | null;
  /** keep the shown step in the address */
  writeStep?: (stepId: string) => void;
  /** Leaflet, when the page does not have it already */
  loadLeaflet?: () => Promise<void>;
  /** folium's script, compiled by the page (no eval) */
  buildMap?: (L: typeof import("leaflet")) => import("leaflet").Map;
  onLanguage?: (language: string) => void;
  onStep?: (stepId: string, index: number, byViewer: boolean) => void;
}

declare global {
  /** The player's events on `document` (`StoryEvents`), for `addEventListener`. */
  interface DocumentEventMap {
    "story:step": CustomEvent<StepEventDetail>;
    "story:check": CustomEvent<CheckEventDetail>;
  }
}
