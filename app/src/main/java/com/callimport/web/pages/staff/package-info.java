/**
 * The staff console's pages under {@code /staff}: every organization's connections and their health, the import
 * history with its charts, one organization's runs with resume and re-run, the job queue, the capability matrix and
 * the audit log. The pages' filter chain lets only staff in; each page re-reads the stored staff flag as well.
 */
package com.callimport.web.pages.staff;
