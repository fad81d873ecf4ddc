/** The sales capability matrix, rendered from the catalogue, the price list and the timeline model. */
package com.callimport.capabilitymatrix;
