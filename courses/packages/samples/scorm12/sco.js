/* A SCORM 1.2 SCO: finds the LMS's API, restores the saved answer, reports the result. */
(function () {
  'use strict';

  function findAPI(win) {
    for (var tries = 0; win && tries < 10; tries++) {
      if (win.API) {
        return win.API;
      }
      if (win.parent === win) {
        break;
      }
      win = win.parent;
    }
    return null;
  }

  var api = findAPI(window) || (window.opener ? findAPI(window.opener) : null);
  var result = document.getElementById('result');
  var finish = document.getElementById('finish');
  var started = !!api && api.LMSInitialize('') === 'true';

  function answer() {
    var checked = document.querySelector('input[name="answer"]:checked');
    return checked ? checked.value : '';
  }

  if (started) {
    var saved = api.LMSGetValue('cmi.suspend_data');
    var match = /answer=(\w+)/.exec(saved);
    if (match) {
      var input = document.querySelector('input[value="' + match[1] + '"]');
      if (input) {
        input.checked = true;
      }
      var resume = document.getElementById('resume');
      resume.textContent = 'С возвращением! Ваш прошлый ответ восстановлен.';
      resume.hidden = false;
    }
    if (api.LMSGetValue('cmi.core.lesson_status') === 'not attempted') {
      api.LMSSetValue('cmi.core.lesson_status', 'incomplete');
    }
    api.LMSSetValue('cmi.core.lesson_location', 'question');
    api.LMSCommit('');
  } else {
    result.textContent = 'Система обучения не найдена: результат не будет сохранён.';
  }

  document.addEventListener('change', function () {
    if (started) {
      api.LMSSetValue('cmi.suspend_data', 'answer=' + answer());
      api.LMSCommit('');
    }
  });

  finish.addEventListener('click', function () {
    var score = answer() === 'right' ? 100 : 0;
    if (started) {
      api.LMSSetValue('cmi.core.score.min', '0');
      api.LMSSetValue('cmi.core.score.max', '100');
      api.LMSSetValue('cmi.core.score.raw', String(score));
      api.LMSSetValue('cmi.core.lesson_status', score >= 80 ? 'passed' : 'failed');
      api.LMSSetValue('cmi.suspend_data', 'answer=' + answer());
      api.LMSSetValue('cmi.core.session_time', '0000:01:00');
      api.LMSSetValue('cmi.core.exit', '');
      api.LMSCommit('');
      api.LMSFinish('');
    }
    finish.disabled = true;
    result.textContent = score >= 80 ? 'Верно! Результат: ' + score + ' баллов.'
      : 'Пока неверно: результат ' + score + ' баллов. Откройте урок снова, чтобы попробовать ещё раз.';
  });
}());
