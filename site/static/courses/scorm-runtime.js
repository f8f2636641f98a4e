/* Вектор: the SCORM run-time API for a lesson's SCORM block.
 *
 * Exposes window.API (SCORM 1.2) and window.API_1484_11 (SCORM 2004) to the package playing
 * in the block's iframe: the package finds them the standard way, walking window.parent.
 * The API is synchronous over values cached in the page (the block's json_script state);
 * Commit/Finish send what changed to the block's runtime URL as {"cmi": {element: value}}
 * with fetch (keepalive when the page goes away). The server answers
 * {"completed", "lesson_completed", "course_completed"}; the outcome is announced in the
 * block's status region (aria-live) with a link to continue. In a preview (state.enrolled
 * false) the package plays and nothing is sent. One SCORM block per page: a lesson holds
 * at most one (the lesson's validation refuses more).
 *
 * Values are checked here by the rules of courses/packages/runtime.py, and again there.
 */
(function () {
  'use strict';

  var root = document.querySelector('[data-scorm-block]');
  if (!root || window.API || window.API_1484_11) {
    return;
  }
  var state = JSON.parse(document.getElementById(root.getAttribute('data-state-id')).textContent);
  var v12 = state.kind === 'scorm12';
  var values = Object.assign({}, state.cmi || {});
  var dirty = {};
  var initialized = false;
  var terminated = false;
  var lastError = '0';
  // What the learner already knows (from the page): only news is announced.
  var LEVELS = { '': 0, completed: 1, lesson: 2, course: 3 };
  var announced = state.course_completed ? 'course' : state.lesson_completed ? 'lesson'
    : state.completed ? 'completed' : '';
  var status = root.querySelector('[data-scorm-status]');
  var frame = root.querySelector('iframe');

  function vocab(list) {
    var set = {};
    list.forEach(function (item) { set[item] = true; });
    return set;
  }

  // Elements the package may set: [type, limit or vocabulary, low, high].
  var WRITABLE = v12 ? {
    'cmi.core.lesson_location': ['string', 255],
    'cmi.core.lesson_status': ['vocab', vocab(['passed', 'completed', 'failed', 'incomplete', 'browsed'])],
    'cmi.core.score.raw': ['decimal', null, 0, 100],
    'cmi.core.score.min': ['decimal', null, 0, 100],
    'cmi.core.score.max': ['decimal', null, 0, 100],
    'cmi.core.exit': ['vocab', vocab(['time-out', 'suspend', 'logout', ''])],
    'cmi.core.session_time': ['timespan'],
    'cmi.suspend_data': ['string', 4096],
    'cmi.comments': ['string', 4096]
  } : {
    'cmi.location': ['string', 1000],
    'cmi.completion_status': ['vocab', vocab(['completed', 'incomplete', 'not attempted', 'unknown'])],
    'cmi.success_status': ['vocab', vocab(['passed', 'failed', 'unknown'])],
    'cmi.score.scaled': ['real', null, -1, 1],
    'cmi.score.raw': ['real'],
    'cmi.score.min': ['real'],
    'cmi.score.max': ['real'],
    'cmi.progress_measure': ['real', null, 0, 1],
    'cmi.exit': ['vocab', vocab(['time-out', 'suspend', 'logout', 'normal', ''])],
    'cmi.session_time': ['duration'],
    'cmi.suspend_data': ['string', 64000]
  };
  var WRITE_ONLY = v12 ? vocab(['cmi.core.exit', 'cmi.core.session_time'])
    : vocab(['cmi.exit', 'cmi.session_time']);
  var CHILDREN = v12 ? {
    'cmi.core._children': 'student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time',
    'cmi.core.score._children': 'raw,min,max'
  } : {
    'cmi.score._children': 'scaled,raw,min,max'
  };
  // Parts of the data model this site does not record (interactions, objectives, …).
  var UNIMPLEMENTED = /^cmi\.(interactions|objectives|student_preference|student_data|learner_preference|comments_from_learner|comments_from_lms|completion_threshold|scaled_passing_score|max_time_allowed|time_limit_action)(\.|$)/;
  var DECIMAL12 = /^-?\d{1,10}(\.\d{1,10})?$/;
  var REAL = /^[-+]?(\d{1,10}(\.\d{0,10})?|\.\d{1,10})$/;
  var TIMESPAN12 = /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/;
  var DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/;

  var ERRORS = v12 ? {
    '0': 'No error', '101': 'General exception', '201': 'Invalid argument error',
    '202': 'Element cannot have children', '203': 'Element not an array - cannot have count',
    '301': 'Not initialized', '401': 'Not implemented error',
    '402': 'Invalid set value, element is a keyword', '403': 'Element is read only',
    '404': 'Element is write only', '405': 'Incorrect data type'
  } : {
    '0': 'No Error', '101': 'General Exception', '102': 'General Initialization Failure',
    '103': 'Already Initialized', '104': 'Content Instance Terminated',
    '111': 'General Termination Failure', '112': 'Termination Before Initialization',
    '113': 'Termination After Termination', '122': 'Retrieve Data Before Initialization',
    '123': 'Retrieve Data After Termination', '132': 'Store Data Before Initialization',
    '133': 'Store Data After Termination', '142': 'Commit Before Initialization',
    '143': 'Commit After Termination', '201': 'General Argument Error',
    '301': 'General Get Failure', '351': 'General Set Failure', '391': 'General Commit Failure',
    '401': 'Undefined Data Model Element', '402': 'Unimplemented Data Model Element',
    '403': 'Data Model Element Value Not Initialized', '404': 'Data Model Element Is Read Only',
    '405': 'Data Model Element Is Write Only', '406': 'Data Model Element Type Mismatch',
    '407': 'Data Model Element Value Out Of Range', '408': 'Data Model Dependency Not Established'
  };
  // Error codes by situation, per version.
  var CODE = v12 ? {
    notInit: '301', afterEnd: '301', alreadyInit: '101', argument: '201', unknown: '201',
    unimplemented: '401', readOnly: '403', writeOnly: '404', keyword: '402', type: '405',
    range: '405', notSet: '0'
  } : {
    notInit: '122', afterEnd: '123', alreadyInit: '103', argument: '201', unknown: '401',
    unimplemented: '402', readOnly: '404', writeOnly: '405', keyword: '404', type: '406',
    range: '407', notSet: '403'
  };

  function link(href, text) {
    var a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    return a;
  }

  function show(text, href, linkText) {
    status.textContent = text + ' ';
    if (href) {
      status.appendChild(link(href, linkText));
    }
  }

  function report(outcome) {
    var level = outcome.course_completed ? 'course' : outcome.lesson_completed ? 'lesson'
      : outcome.completed ? 'completed' : '';
    if (LEVELS[level] <= LEVELS[announced]) {
      return;
    }
    announced = level;
    var hint = document.querySelector('[data-package-hint]');
    if (hint && (level === 'lesson' || level === 'course')) {
      hint.hidden = true;
    }
    var msg = root.getAttribute('data-msg-' + level);
    if (level === 'course') {
      show(msg, root.getAttribute('data-course-url'), root.getAttribute('data-msg-course-link'));
    } else if (level === 'lesson') {
      show(msg, root.getAttribute('data-continue-url'), root.getAttribute('data-msg-continue'));
    } else {
      show(msg);
    }
  }

  function send(keepalive) {
    var names = Object.keys(dirty);
    if (!state.enrolled || !names.length) {
      dirty = {};
      return;
    }
    var body = JSON.stringify({ cmi: dirty });
    var sent = dirty;
    dirty = {};
    fetch(root.getAttribute('data-runtime-url'), {
      method: 'POST',
      credentials: 'same-origin',
      keepalive: !!keepalive && body.length < 60000,
      headers: { 'Content-Type': 'application/json', 'X-CSRFToken': root.getAttribute('data-csrf') },
      body: body
    }).then(function (response) {
      return response.json().then(function (data) {
        if (response.ok) {
          report(data);
        } else {
          show(data.error || root.getAttribute('data-msg-error'));
        }
      });
    }).catch(function () {
      // The connection failed: keep the values for the next commit.
      dirty = Object.assign({}, sent, dirty);
      show(root.getAttribute('data-msg-error'));
    });
  }

  function fail(code) {
    lastError = code;
    return v12 ? 'false' : 'false';
  }

  function check(element, value) {
    var spec = WRITABLE[element];
    if (spec[0] === 'string') {
      return value.length <= spec[1] ? '0' : CODE.type;
    }
    if (spec[0] === 'vocab') {
      return Object.prototype.hasOwnProperty.call(spec[1], value) ? '0' : CODE.type;
    }
    if (spec[0] === 'decimal' || spec[0] === 'real') {
      if (v12 && value === '') {
        return '0';
      }
      if (!(spec[0] === 'decimal' ? DECIMAL12 : REAL).test(value)) {
        return CODE.type;
      }
      var number = parseFloat(value);
      if ((spec[2] !== undefined && number < spec[2]) || (spec[3] !== undefined && number > spec[3])) {
        return CODE.range;
      }
      return '0';
    }
    return (spec[0] === 'timespan' ? TIMESPAN12 : DURATION).test(value) ? '0' : CODE.type;
  }

  function initialize(arg) {
    if (arg !== '' && arg !== undefined) {
      return fail(CODE.argument);
    }
    if (terminated && !v12) {
      return fail('104');
    }
    if (initialized) {
      return fail(CODE.alreadyInit);
    }
    initialized = true;
    terminated = false;
    lastError = '0';
    return 'true';
  }

  function terminate(arg) {
    if (arg !== '' && arg !== undefined) {
      return fail(CODE.argument);
    }
    if (!initialized) {
      return fail(v12 ? '301' : terminated ? '113' : '112');
    }
    send(true);
    initialized = false;
    terminated = true;
    lastError = '0';
    return 'true';
  }

  function getValue(element) {
    element = String(element === undefined ? '' : element);
    if (!initialized) {
      lastError = terminated && !v12 ? CODE.afterEnd : CODE.notInit;
      return '';
    }
    if (element === '') {
      lastError = v12 ? '201' : '301';
      return '';
    }
    if (Object.prototype.hasOwnProperty.call(CHILDREN, element)) {
      lastError = '0';
      return CHILDREN[element];
    }
    if (Object.prototype.hasOwnProperty.call(WRITE_ONLY, element)) {
      lastError = CODE.writeOnly;
      return '';
    }
    if (Object.prototype.hasOwnProperty.call(values, element)) {
      lastError = '0';
      return String(values[element]);
    }
    if (UNIMPLEMENTED.test(element)) {
      lastError = CODE.unimplemented;
      return '';
    }
    if (Object.prototype.hasOwnProperty.call(WRITABLE, element)) {
      lastError = CODE.notSet;
      return '';
    }
    lastError = CODE.unknown;
    return '';
  }

  function setValue(element, value) {
    element = String(element === undefined ? '' : element);
    value = String(value === undefined || value === null ? '' : value);
    if (!initialized) {
      return fail(terminated && !v12 ? '133' : v12 ? '301' : '132');
    }
    if (/\._(children|count|version)$/.test(element)) {
      return fail(CODE.keyword);
    }
    if (!Object.prototype.hasOwnProperty.call(WRITABLE, element)) {
      if (Object.prototype.hasOwnProperty.call(values, element)) {
        return fail(CODE.readOnly);
      }
      return fail(UNIMPLEMENTED.test(element) ? CODE.unimplemented : CODE.unknown);
    }
    var code = check(element, value);
    if (code !== '0') {
      return fail(code);
    }
    values[element] = value;
    dirty[element] = value;
    lastError = '0';
    return 'true';
  }

  function commit(arg) {
    if (arg !== '' && arg !== undefined) {
      return fail(CODE.argument);
    }
    if (!initialized) {
      return fail(v12 ? '301' : terminated ? '143' : '142');
    }
    send(false);
    lastError = '0';
    return 'true';
  }

  function getLastError() {
    return lastError;
  }

  function getErrorString(code) {
    return ERRORS[String(code)] || '';
  }

  function getDiagnostic(code) {
    return ERRORS[String(code === '' || code === undefined ? lastError : code)] || '';
  }

  if (v12) {
    window.API = {
      LMSInitialize: initialize,
      LMSFinish: terminate,
      LMSGetValue: getValue,
      LMSSetValue: setValue,
      LMSCommit: commit,
      LMSGetLastError: getLastError,
      LMSGetErrorString: getErrorString,
      LMSGetDiagnostic: getDiagnostic
    };
  } else {
    window.API_1484_11 = {
      Initialize: initialize,
      Terminate: terminate,
      GetValue: getValue,
      SetValue: setValue,
      Commit: commit,
      GetLastError: getLastError,
      GetErrorString: getErrorString,
      GetDiagnostic: getDiagnostic
    };
  }

  // A package closed with the page still gets its last values recorded.
  window.addEventListener('pagehide', function () {
    if (initialized) {
      send(true);
    }
  });

  frame.src = root.getAttribute('data-launch-url');
}());
