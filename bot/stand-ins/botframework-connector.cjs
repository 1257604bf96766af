'use strict';
// botframework-connector is the Bot Framework service's authentication and REST client (with
// @azure/msal-node, @azure/identity and axios). botbuilder-core's index loads it; Layani, which talks to its
// channels itself, never calls it. Loaded, it held 14 MB of heap that every full garbage collection marked,
// and took 190 ms of start-up (BENCHMARKS.md, thirteenth round).
const { standIn, unavailableClass } = require('./unavailable.cjs');

const LIBRARY = 'botframework-connector';

module.exports = standIn(LIBRARY, {
  // Setting names that botbuilder-core's configuration schemas use as keys when they load
  // (configurationBotFrameworkAuthentication.js, configurationServiceClientCredentialFactory.js).
  AuthenticationConstants: standIn(
    LIBRARY,
    {
      BotOpenIdMetadataKey: 'BotOpenIdMetadata',
      ChannelService: 'ChannelService',
      OAuthUrlKey: 'OAuthApiEndpoint',
      CertificateThumbprint: 'CertificateThumbprint',
      CertificatePrivateKey: 'CertificatePrivateKey',
    },
    'AuthenticationConstants.',
  ),
  // Base classes of botbuilder-core's configuration-driven authentication.
  BotFrameworkAuthentication: unavailableClass(LIBRARY, 'BotFrameworkAuthentication'),
  PasswordServiceClientCredentialFactory: unavailableClass(LIBRARY, 'PasswordServiceClientCredentialFactory'),
});
