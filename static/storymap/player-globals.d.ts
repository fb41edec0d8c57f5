// What tsc cannot see in the player's scripts (static/storymap/player.js and its parts, scorm.js,
// components/*.js, story/outputs/templates/*.js): the hooks they leave on `window` for one another,
// for the hosts and for the browser tests (tests/support/browser.py reads window.storymap.player's
// mapPending and playTimer). The map's own (window.StoryMap, Leaflet's expandos) are declared with
// the map's scripts.

/** What a host tells the player (components/player.js, the export's and the light page's hosts). */
interface PlayerHost {
  /** The step the address names, or null. */
  readStep?(): string | null;
  /** The address after a step change (once per frame). */
  writeStep?(stepId: string): void;
  /** Leaflet on the page (the app loads it; the export has it already). */
  loadLeaflet?(): Promise<unknown>;
  /** folium's map script, compiled by the page (a page that forbids eval). */
  buildMap?: (leaflet: unknown) => unknown;
  onStep?(stepId: string, index: number, byViewer: boolean): void;
  onLanguage?(language: string): void;
}

/** The one namespace of the scripts' pure parts (window.StoryMapLib): the player's, static/storymap/rules.js.
 * The map's declare theirs in the same interface. */
interface StoryMapLibrary {
  player: typeof PlayerRules;
}

/** The SCORM 1.2 API a learning platform gives its lesson's frame (static/storymap/scorm.js). */
interface ScormApi {
  LMSInitialize(empty: ""): string;
  LMSFinish(empty: ""): string;
  LMSGetValue(element: string): string;
  LMSSetValue(element: string, value: string): string;
  LMSCommit(empty: ""): string;
}

/** The app's host of the player, kept across the component's runs (components/player.js). */
interface PlayerAppHost {
  player?: Player;
  root?: HTMLElement;
  /** The data's JSON as last given: the same text again leaves the player as it is. */
  text?: string;
  resumeSent?: boolean;
}

/** The app's static files, shared by its components (components/app_static.js). */
interface AppStatic {
  leaflet?: Promise<void>;
}

/** The editor's map, kept across the component's runs (components/editor_map.js). */
interface EditorMapState {
  send?: { click(name: string, value: unknown): void; view(name: string, value: unknown): void };
  map?: L.Map;
  box?: Element;
  places?: L.LayerGroup;
  step?: string;
  /** Whether the teacher has moved the map since the program last did: only her view is sent. */
  moved?: boolean;
  /** The towns' names as the editor sends them: lat, lon, name, the zoom they show from. */
  labelData?: [number, number, string, number][];
  labels?: L.LayerGroup;
  /** The step's places as last sent. */
  placeData?: { name: string; lat: number; lon: number }[];
  /** The marker of a click not yet made a place. */
  pending?: L.LayerGroup;
  /** When the click the server has not yet answered was made. */
  waiting?: number;
  /** When the place the map last flew to was found. */
  flownAt?: number;
}

/** One check's answers as the class's answers show them (components/present.py, class_answers):
 * a find check's clicks (lat, lon) and its right place, if the check is of a place. */
interface ClassAnswerRow {
  question: string;
  line: string;
  spread: { label: string; count: number; right: boolean }[];
  points?: [number, number][];
  target?: [number, number] | null;
}

/** The presenter's panel (components/present.js). */
interface PresenterPanel {
  notes?: Record<string, string>;
  /** The title of the step after each step (in the lesson presented), for the presenter only. */
  coming?: Record<string, string>;
  texts?: Record<string, string>;
  /** The address of the screen the room sees (`?follow=&screen=room`). */
  room?: string;
  /** The class's answers by step: each check's question, its count line and its choices' counts. */
  answers?: Record<string, ClassAnswerRow[]>;
  /** The step whose answers the presenter shows to the room, if any. */
  revealed?: string | null;
  root?: Element;
  send?(name: string, value: unknown): void;
  listening?: boolean;
  /** When the last step was sent (the tests' account of a follower's wait). */
  sentAt?: number;
  /** Whether the class goes at its own pace (the presenter's switch). */
  paced?: boolean;
}

/** Following a presenter: the app's bar (components/follow.js) or the light page's (light-host.js). */
interface FollowState {
  mode: string;
  step?: string | null;
  state?: string;
  moving?: boolean;
  root?: HTMLElement;
  latest?: any;
  /** When the latest step arrived (for the tests). */
  arrivedAt?: number;
  listening?: boolean;
  /** The screen the room sees (`?screen=room`): no bar, no controls, always on the presenter's step. */
  room?: boolean;
  /** The follow component's trigger: a follower's answer to a self-check, to the server. */
  send?(name: string, value: unknown): void;
  /** The follow component's state: the step shown (`at`) and the name typed, for the presenter's roster. */
  report?(name: string, value: unknown): void;
  /** Whether the step on screen was reported once, when the bar came. */
  reported?: boolean;
  /** The presentation's last "Bring everyone to this step" (its seq), as this bar last saw it. */
  gathered?: number;
}

// StoryMapLib, storymapBuilds and __storyLayerFetches are the map's (map-globals.d.ts).
interface Window {
  /** How a host mounts the player (static/storymap/player.js). */
  StoryPlayer: { mount(root: HTMLElement, data: any, host?: PlayerHost): Player };
  /** The map controller and the player once the map is built: for the browser tests and the bench. */
  storymap: { instance: any; player: Player };
  /** The export's map script, compiled by its page (story/outputs/export.py, _map_builder). */
  storyMapBuild?: (leaflet: unknown) => unknown;
  /** The platform's API, once found (the SCORM tests read it). */
  __storyScorm: ScormApi;
  __storyPlayerHost: PlayerAppHost;
  __storyAppStatic: AppStatic;
  __storyEditorMap: EditorMapState;
  __storyPresenter: PresenterPanel;
  __storyFollow: FollowState;
  /** The light page's early stream of the presenter's steps (story/outputs/templates/light-early.js). */
  __storyFollowEarly: { source: EventSource; events: MessageEvent[] | null };
  L: typeof L;
}
