// Shows every answer the widgets report, and shows the manual survey on request.
const log = document.getElementById('log');
const answers = [];
const record = (event) => {
  answers.push(event.detail);
  log.textContent = JSON.stringify(answers, null, 2);
};
document.addEventListener('jornada:response', record);
document.getElementById('show').addEventListener('click', () => document.getElementById('manual').show());
