/* Вектор: H5P lesson blocks.
 *
 * Starts the vendored h5p-standalone player in every H5P block of the page (one after
 * another: the player keeps global state), listens to the H5P xAPI events of the top-level
 * content ("answered" / "completed" with a result) and posts the result to the block's
 * runtime URL:
 *   {"h5p": {"completed": true, "score_raw": 1, "score_max": 1, "success": true}}
 * The server answers {"completed", "lesson_completed", "course_completed"}; the outcome is
 * shown in the block's status region. Every user-facing text comes from the template
 * (data-msg-* attributes), so it is translated there. Nothing is posted in a preview
 * (data-enrolled="false").
 */
(function () {
  'use strict';

  if (window.vektorH5PBridge) {
    return; // the script is included once per block; one bridge is enough
  }

  var VERBS = { answered: true, completed: true };
  var CONTENT_ID = 'http://h5p.org/x-api/h5p-local-content-id';
  // Taken now: once a player has started, the H5P core loaded into this page replaces the
  // global H5PStandalone, and the next block would find no player.
  var Player = window.H5PStandalone && window.H5PStandalone.H5P;
  var blocks = {}; // block id -> block
  var dispatchers = []; // H5P external dispatchers listened to

  // The lesson page's "the lesson is counted when you finish…" line, once it is.
  function hidePackageHint() {
    var hint = document.querySelector('[data-package-hint]');
    if (hint) {
      hint.hidden = true;
    }
  }

  function cookie(name) {
    var parts = document.cookie ? document.cookie.split(';') : [];
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i].trim();
      if (part.indexOf(name + '=') === 0) {
        return decodeURIComponent(part.slice(name.length + 1));
      }
    }
    return '';
  }

  function message(block, key, values) {
    var text = block.element.getAttribute('data-msg-' + key) || '';
    Object.keys(values || {}).forEach(function (name) {
      text = text.split('{' + name + '}').join(String(values[name]));
    });
    return text;
  }

  function setStatus(block, text, kind) {
    block.status.textContent = text;
    block.status.setAttribute('data-kind', kind || '');
  }

  function number(value) {
    return typeof value === 'number' && isFinite(value) ? value : null;
  }

  function verbName(statement) {
    var id = String((statement.verb && statement.verb.id) || '');
    return id.slice(id.lastIndexOf('/') + 1);
  }

  function contentId(statement) {
    var object = statement.object || {};
    var extensions = (object.definition && object.definition.extensions) || {};
    var id = extensions[CONTENT_ID];
    return id === undefined || id === null ? '' : String(id);
  }

  function isSubContent(statement) {
    var activities = statement.context && statement.context.contextActivities;
    return Boolean(activities && activities.parent);
  }

  function post(block, body) {
    var key = JSON.stringify(body);
    if (key === block.lastSent) {
      return; // "answered" and "completed" usually carry the same result
    }
    block.lastSent = key;
    setStatus(block, message(block, 'saving'), 'busy');
    var token = block.element.getAttribute('data-csrf') || cookie('csrftoken');
    fetch(block.runtimeUrl, {
      method: 'POST',
      credentials: 'same-origin',
      keepalive: true,
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'X-CSRFToken': token,
      },
      body: key,
    })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return {};
          })
          .then(function (data) {
            return { ok: response.ok, data: data || {} };
          });
      })
      .then(function (answer) {
        var data = answer.data;
        if (!answer.ok) {
          block.lastSent = null;
          var detail = typeof data.error === 'string' ? data.error : '';
          setStatus(block, detail || message(block, 'error'), 'error');
          return;
        }
        var score = { score: body.h5p.score_raw, max: body.h5p.score_max };
        var hasScore = score.score !== null && score.max !== null;
        var text = hasScore ? message(block, 'saved', score) : message(block, 'saved-plain');
        // A task done on an earlier visit only updates its result: nothing new to announce.
        if (!block.completedBefore) {
          if (data.course_completed && data.lesson_completed) {
            text += ' ' + message(block, 'course-done');
          } else if (data.lesson_completed) {
            text += ' ' + message(block, 'lesson-done');
          } else if (!data.completed) {
            text += ' ' + message(block, 'not-completed');
          }
        }
        setStatus(block, text, data.completed ? 'done' : 'saved');
        block.element.setAttribute('data-completed', data.completed ? 'true' : 'false');
        var next = block.element.querySelector('[data-h5p-next]');
        if (next && data.lesson_completed) {
          next.hidden = false;
        }
        if (data.lesson_completed) {
          hidePackageHint();
        }
      })
      .catch(function () {
        block.lastSent = null;
        setStatus(block, message(block, 'error'), 'error');
      });
  }

  function onXAPI(event) {
    var statement = event && event.data && event.data.statement;
    if (!statement || !statement.result || !VERBS[verbName(statement)]) {
      return;
    }
    if (isSubContent(statement)) {
      return; // a question inside a compound content: wait for the whole content
    }
    var block = blocks[contentId(statement)];
    if (!block || !block.enrolled) {
      return;
    }
    var result = statement.result;
    var score = result.score || {};
    post(block, {
      h5p: {
        completed: true,
        score_raw: number(score.raw),
        score_max: number(score.max),
        success: typeof result.success === 'boolean' ? result.success : null,
      },
    });
  }

  function listen(dispatcher) {
    if (!dispatcher || typeof dispatcher.on !== 'function') {
      return false;
    }
    if (dispatchers.indexOf(dispatcher) === -1) {
      dispatchers.push(dispatcher);
      dispatcher.on('xAPI', onXAPI);
    }
    return true;
  }

  function start(element) {
    var player = element.querySelector('[data-h5p-player]');
    var block = {
      element: element,
      id: element.getAttribute('data-block-id'),
      runtimeUrl: element.getAttribute('data-runtime-url'),
      enrolled: element.getAttribute('data-enrolled') === 'true',
      status: element.querySelector('[data-h5p-status]'),
      lastSent: null,
      completedBefore: element.getAttribute('data-completed') === 'true',
    };
    blocks[block.id] = block;
    if (!Player || !player) {
      setStatus(block, message(block, 'load-error'), 'error');
      return Promise.resolve();
    }
    var filesUrl = element.getAttribute('data-files-url').replace(/\/+$/, '');
    var options = {
      id: block.id,
      h5pJsonPath: filesUrl,
      frameJs: element.getAttribute('data-frame-js'),
      frameCss: element.getAttribute('data-frame-css'),
      frame: false,
      icon: false,
      copyright: false,
      export: false,
      embed: false,
      fullScreen: false,
    };
    return new Player(player, options)
      .then(function () {
        element.setAttribute('data-ready', 'true');
        var frame = player.querySelector('iframe');
        if (frame) {
          frame.setAttribute('title', element.getAttribute('data-title') || '');
        }
        // The player page's dispatcher receives the events of framed content too; a frame's
        // own dispatcher is the fallback for players that do not forward them.
        if (!listen(window.H5P && window.H5P.externalDispatcher) && frame) {
          var framed = frame.contentWindow && frame.contentWindow.H5P;
          listen(framed && framed.externalDispatcher);
        }
        if (!block.enrolled && !block.status.textContent) {
          setStatus(block, message(block, 'preview'), 'preview');
        }
      })
      .catch(function (error) {
        setStatus(block, message(block, 'load-error'), 'error');
        if (window.console) {
          window.console.error('H5P player', block.id, error);
        }
      });
  }

  function startAll() {
    var chain = Promise.resolve();
    var elements = document.querySelectorAll('[data-h5p-block]:not([data-h5p-started])');
    Array.prototype.forEach.call(elements, function (element) {
      element.setAttribute('data-h5p-started', 'true');
      chain = chain.then(function () {
        return start(element);
      });
    });
    return chain;
  }

  window.vektorH5PBridge = { start: startAll };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', startAll);
  } else {
    startAll();
  }
})();
