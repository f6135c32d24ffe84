# A typo: resp.http is right, rsep.http is not.
set resp.http.X-Fine = "1";
set rsep.http.X-Typo = "1";
