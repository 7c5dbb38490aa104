// Initialise GOV.UK Frontend and MOJ Frontend components once the bundles have loaded.
window.GOVUKFrontend.initAll();
window.MOJFrontend.initAll();
