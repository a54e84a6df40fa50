/**
 * ENGAGEcx contact-centre channels and tenant settings: resources with an on/off lifecycle
 * (`transition` enable/disable, turnOn/turnOff; MODEL E2, E5), managed by CustomerAdmin
 * (settings and channels) and UserManager (channels only; settings read-only).
 */
import type { ResourceInput } from '@grantkit/core';

export const channels: ResourceInput[] = [
  ['voice', 'Voice', 'enabled'],
  ['chat', 'Web chat', 'enabled'],
  ['email', 'Email', 'enabled'],
  ['sms', 'SMS', 'disabled'],
  ['social', 'Social messaging', 'disabled'],
].map(([id, title, state]) => ({
  type: 'channel',
  id: id as string,
  state: state as string,
  fields: { title: title as string },
}));

export const settings: ResourceInput[] = [
  ['call-recording', 'Call recording', 'on', 'Record every voice call for quality review'],
  ['after-call-survey', 'After-call survey', 'off', 'Ask callers to rate the call when it ends'],
  [
    'business-hours',
    'Business hours routing',
    'on',
    'Route calls outside opening hours to voicemail',
  ],
  ['queue-callback', 'Queue callback', 'off', 'Offer a callback instead of waiting in the queue'],
].map(([id, title, state, description]) => ({
  type: 'settings',
  id: id as string,
  state: state as string,
  fields: { title: title as string, description: description as string },
}));
