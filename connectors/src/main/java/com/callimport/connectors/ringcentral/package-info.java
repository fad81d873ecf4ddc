/**
 * The RingCentral connector: reads the company call log and its call recordings through RingCentral's
 * REST API with a bearer token the engine obtains by OAuth (admin sign-in or a customer's JWT credential), and
 * reads RingCentral's WebHook notices of ended calls.
 */
package com.callimport.connectors.ringcentral;
