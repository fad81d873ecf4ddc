/**
 * Vendor-neutral HTTP plumbing for connectors: sends requests after a rate-budget permit, maps vendor
 * answers to the SPI's typed errors and streams downloads, without ever retrying or sleeping.
 */
package com.callimport.connectors.http;
