/** Display conditions and dropdown dependencies the parameter groups share. */
export const withCrm = { hide: { crm: ['none'] } };

export const dropdownDeps = ['crm', 'authentication', 'bitrixEntity'];
