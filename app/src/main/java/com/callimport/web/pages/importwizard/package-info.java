/**
 * The import wizard's pages (Flow 1): "Are you coming from another platform?", the platform grid, requirements,
 * credentials with an inline test, the window, the preview and the live progress of the run with its outcome.
 */
package com.callimport.web.pages.importwizard;
