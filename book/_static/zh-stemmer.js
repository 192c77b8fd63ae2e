// Sphinx 9.0's Chinese search data ends with `window.Stemmer = ChineseStemmer;` but defines only
// EnglishStemmer (its Chinese search stems Latin words in English): name the one it means.
window.ChineseStemmer = function () {
  return new EnglishStemmer();
};
