/* A SCORM 2004 SCO: finds the LMS's API, restores the saved answer, reports the result. */
(function () {
  'use strict';

  function findAPI(win) {
    for (var tries = 0; win && tries < 10; tries++) {
      if (win.API_1484_11) {
        return win.API_1484_11;
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
  var started = !!api && api.Initialize('') === 'true';

  function answer() {
    var checked = document.querySelector('input[name="answer"]:checked');
    return checked ? checked.value : '';
  }

  if (started) {
    var match = /answer=(\w+)/.exec(api.GetValue('cmi.suspend_data'));
    if (match) {
      var input = document.querySelector('input[value="' + match[1] + '"]');
      if (input) {
        input.checked = true;
      }
      var resume = document.getElementById('resume');
      resume.textContent = 'С возвращением! Ваш прошлый ответ восстановлен.';
      resume.hidden = false;
    }
    if (api.GetValue('cmi.completion_status') !== 'completed') {
      api.SetValue('cmi.completion_status', 'incomplete');
    }
    api.SetValue('cmi.location', 'question');
    api.Commit('');
  } else {
    result.textContent = 'Система обучения не найдена: результат не будет сохранён.';
  }

  document.addEventListener('change', function () {
    if (started) {
      api.SetValue('cmi.suspend_data', 'answer=' + answer());
      api.SetValue('cmi.exit', 'suspend');
      api.Commit('');
    }
  });

  finish.addEventListener('click', function () {
    var right = answer() === 'right';
    if (started) {
      api.SetValue('cmi.score.min', '0');
      api.SetValue('cmi.score.max', '10');
      api.SetValue('cmi.score.raw', right ? '10' : '0');
      api.SetValue('cmi.score.scaled', right ? '1' : '0');
      api.SetValue('cmi.success_status', right ? 'passed' : 'failed');
      api.SetValue('cmi.completion_status', 'completed');
      api.SetValue('cmi.suspend_data', 'answer=' + answer());
      api.SetValue('cmi.session_time', 'PT1M');
      api.SetValue('cmi.exit', 'normal');
      api.Commit('');
      api.Terminate('');
    }
    finish.disabled = true;
    result.textContent = right ? 'Верно! Урок пройден.'
      : 'Пока неверно. Откройте урок снова, чтобы попробовать ещё раз.';
  });
}());
