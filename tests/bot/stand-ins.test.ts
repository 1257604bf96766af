import { createRequire } from 'node:module';
import { ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory } from 'botbuilder-core';
import { describe, expect, it } from 'vitest';
import STAND_INS from '../../bot/stand-ins/stand-ins.json' with { type: 'json' };

const require = createRequire(import.meta.url);
type Exports = Record<string, unknown>;

/** The library itself, loaded by the path of its main file, which the stand-ins do not replace. */
function realLibrary(name: string): Exports {
  const { main } = require(`${name}/package.json`) as { main: string };
  return require(`${name}/${main}`) as Exports;
}

describe('stand-ins for the libraries botbuilder loads and Layani never calls', () => {
  it('are what botbuilder gets in tests, as in the bundle', () => {
    for (const [name, file] of Object.entries(STAND_INS)) {
      expect(require.resolve(name)).toBe(require.resolve(`../../${file}`));
    }
  });

  it('hold only exports the real libraries have, with the same values where they are values', () => {
    for (const name of Object.keys(STAND_INS)) {
      const real = realLibrary(name);
      const standIn = require(name) as Exports;
      expect(Object.keys(standIn).length).toBeGreaterThan(0);
      for (const [key, value] of Object.entries(standIn)) {
        expect(real, `${name} ${key}`).toHaveProperty([key]);
        if (typeof value === 'function') expect(typeof real[key]).toBe('function');
        else expect(real[key]).toMatchObject(value as object);
      }
    }
  });

  it('forward botbuilder-stdlib’s helpers themselves', () => {
    const standIn = require('botbuilder-stdlib') as Exports;
    expect(standIn.stringify).toBe(realLibrary('botbuilder-stdlib').stringify);
    expect(standIn.delay).toBe(realLibrary('botbuilder-stdlib').delay);
  });

  it('fail loudly, naming the library, when a feature Layani does not use reaches for them', async () => {
    expect(() => new ConfigurationBotFrameworkAuthentication({})).toThrow(
      'botframework-connector is left out of Layani (bot/stand-ins): BotFrameworkAuthentication is not available',
    );
    expect(() => new ConfigurationServiceClientCredentialFactory({ MicrosoftAppId: 'bot', MicrosoftAppPassword: 'secret' })).toThrow(
      /botframework-connector .*PasswordServiceClientCredentialFactory/,
    );
    const connector = require('botframework-connector') as Exports;
    expect(() => connector.SkillValidation).toThrow(/botframework-connector .*SkillValidation is not available/);
    const { AuthenticationConstants } = connector as { AuthenticationConstants: Exports };
    expect(() => AuthenticationConstants.AudienceClaim).toThrow(
      'botframework-connector is left out of Layani (bot/stand-ins): AuthenticationConstants.AudienceClaim is not available',
    );

    const { recognizeChoices } = await import('botbuilder-dialogs/lib/choices/recognizeChoices.js');
    expect(() => recognizeChoices('yang kedua', ['KTP', 'KK'])).toThrow(/recognizers-text-number .*recognizeOrdinal/);
    expect(() => (require('botbuilder-stdlib') as Exports).AzureCoreHttpCompat).toThrow(/botbuilder-stdlib .*AzureCoreHttpCompat/);
  });
});
