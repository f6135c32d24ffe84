include "main";
