/* H5P.VektorCheck 1.0: one question with answer buttons (made by the Вектор project).
 * When the learner answers it reports through H5P's xAPI API: "answered" and "completed"
 * with result.score {raw, max, scaled} and success. */
var H5P = H5P || {};

H5P.VektorCheck = (function (EventDispatcher) {
  'use strict';

  function VektorCheck(params, contentId) {
    EventDispatcher.call(this);
    this.params = params || {};
    this.contentId = contentId;
    this.score = 0;
    this.answered = false;
  }

  VektorCheck.prototype = Object.create(EventDispatcher.prototype);
  VektorCheck.prototype.constructor = VektorCheck;

  VektorCheck.prototype.getScore = function () {
    return this.score;
  };

  VektorCheck.prototype.getMaxScore = function () {
    return 1;
  };

  VektorCheck.prototype.getAnswerGiven = function () {
    return this.answered;
  };

  VektorCheck.prototype.resetTask = function () {
    this.score = 0;
    this.answered = false;
    this.render();
  };

  VektorCheck.prototype.attach = function ($container) {
    this.container = $container.get(0);
    this.container.classList.add('h5p-vektor-check');
    this.render();
  };

  VektorCheck.prototype.render = function () {
    var self = this;
    var root = this.container;
    if (!root) {
      return;
    }
    root.textContent = '';
    var questionId = 'h5p-vektor-check-question-' + this.contentId;
    var question = document.createElement('p');
    question.className = 'h5p-vektor-check__question';
    question.id = questionId;
    question.textContent = this.params.question || '';
    root.appendChild(question);

    var group = document.createElement('div');
    group.className = 'h5p-vektor-check__answers';
    group.setAttribute('role', 'group');
    group.setAttribute('aria-labelledby', questionId);
    (this.params.answers || []).forEach(function (answer) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'h5p-vektor-check__answer';
      button.textContent = answer.text || '';
      button.addEventListener('click', function () {
        self.answer(button, Boolean(answer.correct));
      });
      group.appendChild(button);
    });
    root.appendChild(group);

    this.feedback = document.createElement('p');
    this.feedback.className = 'h5p-vektor-check__feedback';
    this.feedback.setAttribute('role', 'status');
    this.feedback.setAttribute('aria-live', 'polite');
    root.appendChild(this.feedback);
    this.trigger('resize');
  };

  VektorCheck.prototype.answer = function (button, correct) {
    var self = this;
    if (this.answered) {
      return;
    }
    this.answered = true;
    this.score = correct ? 1 : 0;
    var buttons = this.container.querySelectorAll('.h5p-vektor-check__answer');
    Array.prototype.forEach.call(buttons, function (other) {
      other.disabled = true;
    });
    button.classList.add(correct ? 'is-correct' : 'is-wrong');
    button.setAttribute('aria-pressed', 'true');
    this.feedback.textContent = correct ? this.params.feedbackCorrect : this.params.feedbackWrong;
    this.feedback.classList.add(correct ? 'is-correct' : 'is-wrong');
    if (!correct) {
      var retry = document.createElement('button');
      retry.type = 'button';
      retry.className = 'h5p-vektor-check__retry';
      retry.textContent = this.params.retryLabel || 'Retry';
      retry.addEventListener('click', function () {
        self.resetTask();
      });
      this.container.appendChild(retry);
    }
    this.triggerXAPIScored(this.score, 1, 'answered', true, correct);
    this.triggerXAPIScored(this.score, 1, 'completed', true, correct);
    this.trigger('resize');
  };

  return VektorCheck;
})(H5P.EventDispatcher);
