// plotly's FigureWidget front end, evaluated once per page and never blocking the kernel's messages.
//
// plotly ships its widget as one 5 MB ES module that anywidget imports anew for each figure
// (a new blob URL each time): about 2 s of the browser's main thread per figure on two cores.
// anywidget gives a model 2 s to initialize and then drops every message from the kernel to
// it, so figures stayed blank or stopped following their controls on a busy page. Here
// (1) all figures of a page share one import of the module; (2) a model initializes at once,
// without waiting for the module: the kernel's messages reach it, the edits among them
// (plotly's "_py2js_*" messages) are kept and handed to plotly's own model code when the module
// arrives, and views wait for it; (3) anywidget's 2 s become a minute for the models created
// after this loader first ran, since a page busy evaluating the module can hold them past 2 s
// before even this small loader is imported; (4) hovers and clicks reach the kernel one message
// each: plotly sends them as changes of one model attribute, and while the kernel is busy
// ipywidgets keeps only the last change of an attribute, so a click followed by the mouse
// leaving reached the kernel as the leaving alone and the click was lost; (5) the module's source
// comes with a kernel's first figure only (15 MB for the tour's three figures, per student,
// through the server, when each brought it); a page that has no figure bringing it asks the
// kernel for it once.

const ANYWIDGET_MODEL_WAIT_MS = 2000; // anywidget 0.11's AbortSignal.timeout for a model
const PATIENT_MODEL_WAIT_MS = 60000;
const EDITS = ["addTraces", "deleteTraces", "moveTraces", "restyle", "relayout", "update",
  "animate", "removeLayoutProps", "removeTraceProps"].map((edit) => `_py2js_${edit}`);
const POINTS_EVENT = "_js2py_pointsCallback";
const sharedModules = Symbol.for("viz_transformer.plotly_widget_modules");
const patient = Symbol.for("viz_transformer.patient_model_wait");

if (!AbortSignal[patient]) {
  const timeout = AbortSignal.timeout.bind(AbortSignal);
  AbortSignal.timeout = (ms) => timeout(ms === ANYWIDGET_MODEL_WAIT_MS ? PATIENT_MODEL_WAIT_MS : ms);
  AbortSignal[patient] = true;
}

function importSource(source) {
  const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  return import(/* webpackIgnore: true */ url).finally(() => URL.revokeObjectURL(url));
}

// The kernel's answer to a request for the module's source (plotly_widget_once.py).
function askKernel(model) {
  return new Promise((resolve) => {
    const listen = (content) => {
      if (content && typeof content.plotly_module_source === "string") {
        model.off("msg:custom", listen);
        resolve(content.plotly_module_source);
      }
    };
    model.on("msg:custom", listen);
    model.send({ send_plotly_module: true });
  });
}

// The page's one import of a module version: its source taken from the first figure that
// brings it, else asked of the kernel by the first figure that has none (if no source came yet).
function plotlyWidgetModule(model) {
  const modules = (globalThis[sharedModules] ??= new Map());
  const version = model.get("_plotly_widget_version");
  if (!modules.has(version)) {
    let give;
    const source = new Promise((resolve) => { give = resolve; });
    modules.set(version, { give, given: false, asked: false, module: source.then(importSource) });
  }
  const entry = modules.get(version);
  const source = model.get("_plotly_widget_source");
  if (source && !entry.given) {
    entry.given = true;
    entry.give(source);
  } else if (!source && !entry.given && !entry.asked) {
    entry.asked = true;
    askKernel(model).then((asked) => {
      if (!entry.given) {
        entry.given = true;
        entry.give(asked);
      }
    });
  }
  return entry.module;
}

// The edits the kernel sends before plotly's model code listens; replay() hands them over in order.
function keepEdits(model) {
  const kept = [];
  const keepers = EDITS.map((name) => {
    const keep = () => model.get(name) !== null && kept.push([name, model.get(name)]);
    model.on(`change:${name}`, keep);
    return [name, keep];
  });
  return function replay() {
    for (const [name, keep] of keepers) model.off(`change:${name}`, keep);
    for (const [name, value] of kept) {
      model.set(name, value);
      model.set(name, null);
    }
  };
}

// The model as plotly's model code sees it: a points event (hover, click, selection) is sent as a
// message of its own instead of set as an attribute, so no event overwrites another.
function eventsAsMessages(model) {
  return new Proxy(model, {
    get(target, key) {
      if (key === "set") {
        return (name, value) =>
          name === POINTS_EVENT ? target.send({ points_event: value }) : target.set(name, value);
      }
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export default () => {
  let figure; // plotly's widget for this model, once initialized
  return {
    initialize(context) {
      const model = context.model;
      const replay = keepEdits(model);
      figure = plotlyWidgetModule(model).then((module) => {
        const widget = module.default();
        widget.initialize({ ...context, model: eventsAsMessages(model) });
        replay();
        return widget;
      });
    },
    async render(context) {
      return (await figure).render(context);
    },
  };
};
