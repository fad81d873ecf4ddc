/**
 * Zoom Phone: the account's call history, call recordings and Zoom's own transcripts, read through our Zoom
 * Marketplace app that a customer's Zoom admin authorizes, with notice of ended calls from Zoom's webhooks.
 */
package com.callimport.connectors.zoomphone;
