// Secrets the scenario plants in request bodies and job data. The report searches every stored event
// for each of them: scrubbing works when none is found.
export const PLANTED = {
  card: '4111 1111 1111 1111',
  mastercard: '2221000000000009',
  ssn: '123-45-6789',
  password: 'hunter2-demo-password',
  apiKey: 'sk_live_51H8demoDemoDemoDemoDemo00',
  email: 'ada.lovelace@example.com',
};

export const scenarioBodies = {
  users: [
    { name: '', email: PLANTED.email, password: PLANTED.password },
    { email: 'not-an-email', password: PLANTED.password, card: PLANTED.card },
    { name: 'Ada', ssn: PLANTED.ssn, apiKey: PLANTED.apiKey },
  ],
  payments: [
    { amountCents: -5, card: PLANTED.mastercard, note: `card ${PLANTED.card}` },
    { amountCents: 'ten', ssn: PLANTED.ssn },
  ],
};
