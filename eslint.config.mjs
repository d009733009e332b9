import config from '@causal-organism/eslint-config';

export default config;
