// The nine capabilities of the product (PRODUCT.md), by the key their server module and web pages use.
export const CAPABILITIES = ['registry', 'hazards', 'inspections', 'monitoring', 'warnings', 'command', 'resources', 'training', 'assessment'] as const;
export type Capability = (typeof CAPABILITIES)[number];
